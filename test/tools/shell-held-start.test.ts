/**
 * A shell call that starts early: the real bubblewrap sandbox is built while the harness prepares the call
 * (`ctx.ready`, the checkpoint before it), and the command runs only once that preparation has succeeded. Checked
 * on the host: the marker file the command writes, and whether any of its processes are left.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function heldShell() {
  const sandbox = createSandbox({ workspace: dir, mode: "workspace-write" });
  return createShellTool({
    outputDir: outside,
    wrap: (argv, cwd, hold) => sandbox.prepare(argv, cwd, hold),
  });
}

/** Processes whose command line names this test's marker: the held sandbox and anything it started. */
async function processesNaming(text: string): Promise<number> {
  const { readdir } = await import("node:fs/promises");
  let count = 0;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(text)) count++;
  }
  return count;
}

describe("shell started before the harness is ready", () => {
  it("runs the command only after ready resolves", async () => {
    let release!: () => void;
    const ready = new Promise<void>((resolve) => {
      release = resolve;
    });
    const base = makeContext(dir).ctx;
    const run = heldShell().execute({ command: "touch marker-held && echo ran" }, { ...base, ready });
    // Long enough for bubblewrap to have built the sandbox and, were it not held, run the command.
    await sleep(700);
    expect(existsSync(`${dir}/marker-held`)).toBe(false);
    release();
    const result = await run;
    expect(result.content).toContain("ran");
    expect(result.details?.exit_code).toBe(0);
    expect(existsSync(`${dir}/marker-held`)).toBe(true);
  });

  it("never runs the command when ready rejects, and leaves no process", async () => {
    let refuse!: (error: Error) => void;
    const ready = new Promise<void>((_, reject) => {
      refuse = reject;
    });
    const base = makeContext(dir).ctx;
    const run = heldShell().execute({ command: "touch marker-refused-4711" }, { ...base, ready });
    await sleep(500);
    expect(await processesNaming("marker-refused-4711")).toBeGreaterThan(0); // the sandbox waits
    refuse(new Error("checkpoint failed"));
    const result = await run;
    expect(result.isError).toBe(true);
    expect(result.content).toContain("Not run");
    await sleep(300);
    expect(existsSync(`${dir}/marker-refused-4711`)).toBe(false);
    expect(await processesNaming("marker-refused-4711")).toBe(0);
  });

  it("never runs the command when the turn is interrupted while it is held", async () => {
    const controller = new AbortController();
    const ready = new Promise<void>(() => undefined); // preparation that never ends
    const base = makeContext(dir).ctx;
    const run = heldShell().execute(
      { command: "touch marker-aborted-4711" },
      { ...base, signal: controller.signal, ready },
    );
    await sleep(400);
    controller.abort();
    const result = await run;
    expect(result.details?.aborted).toBe(true);
    await sleep(300);
    expect(existsSync(`${dir}/marker-aborted-4711`)).toBe(false);
    expect(await processesNaming("marker-aborted-4711")).toBe(0);
  });

  it("waits for ready before spawning where the sandbox cannot hold the command", async () => {
    const shell = createShellTool({ outputDir: outside }); // no sandbox: nothing can hold it
    let release!: () => void;
    const ready = new Promise<void>((resolve) => {
      release = resolve;
    });
    const run = shell.execute({ command: "touch marker-unheld" }, { ...makeContext(dir).ctx, ready });
    await sleep(300);
    expect(existsSync(`${dir}/marker-unheld`)).toBe(false);
    release();
    await run;
    expect(existsSync(`${dir}/marker-unheld`)).toBe(true);
  });
});
