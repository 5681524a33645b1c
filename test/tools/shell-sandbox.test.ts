/**
 * The shell tool through the real bubblewrap sandbox: the wrap hook confines the command, and a timeout still
 * kills everything the command started, although bwrap puts it in a new session and PID namespace (our
 * process-group kill reaches bwrap; --die-with-parent and the namespace take the rest down).
 */
import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

let dir: string;
let outside: string;
beforeEach(async () => {
  dir = await makeTempDir();
  outside = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
  await removeDir(outside);
});

describe("shell in the bubblewrap sandbox", () => {
  it("confines writes to the workspace", async () => {
    const sandbox = createSandbox({ workspace: dir, mode: "workspace-write" });
    const shell = createShellTool({ outputDir: outside, wrap: (argv, cwd) => sandbox.wrap(argv, cwd) });
    const r = await shell.execute(
      { command: `touch inside && touch ${outside}/escaped; echo done` },
      makeContext(dir).ctx,
    );
    expect(r.content).toContain("done");
    expect(existsSync(`${dir}/inside`)).toBe(true);
    expect(existsSync(`${outside}/escaped`)).toBe(false);
  });

  it("on timeout kills what the sandboxed command started", async () => {
    const sandbox = createSandbox({ workspace: dir, mode: "workspace-write" });
    const shell = createShellTool({
      outputDir: outside,
      defaultTimeoutMs: 500,
      wrap: (argv, cwd) => sandbox.wrap(argv, cwd),
    });
    const r = await shell.execute({ command: "(sleep 1.5; touch late) & wait" }, makeContext(dir).ctx);
    expect(r.details?.timed_out).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(existsSync(`${dir}/late`)).toBe(false);
  });
});
