import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readOnlyOf } from "../../src/core/tool.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

describe("shell tool", () => {
  it("reports exit codes, zero and non-zero", async () => {
    const shell = createShellTool({ outputDir: dir });
    const ok = await shell.execute({ command: "echo hello" }, makeContext(dir).ctx);
    expect(ok.content).toBe("hello\n[exit code 0]");
    expect(ok.isError).toBe(false);
    expect(ok.details?.exit_code).toBe(0);

    const bad = await shell.execute({ command: "echo oops >&2; exit 3" }, makeContext(dir).ctx);
    expect(bad.content).toBe("oops\n[exit code 3]");
    expect(bad.isError).toBe(true);
    expect(bad.details).toMatchObject({ exit_code: 3, signal: null, timed_out: false, truncated: false });
  });

  it("runs in ctx.cwd with bash, not a login shell", async () => {
    const shell = createShellTool({ outputDir: dir });
    const r = await shell.execute(
      { command: "pwd; shopt -q login_shell && echo login || echo nologin" },
      makeContext(dir).ctx,
    );
    expect(r.content).toBe(`${dir}\nnologin\n[exit code 0]`);
  });

  it("streams stdout and stderr chunks in the order they are written", async () => {
    const shell = createShellTool({ outputDir: dir });
    const { ctx, chunks } = makeContext(dir);
    const r = await shell.execute(
      { command: "echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three" },
      ctx,
    );
    expect(chunks).toEqual([
      { chunk: "one\n", stream: "stdout" },
      { chunk: "two\n", stream: "stderr" },
      { chunk: "three\n", stream: "stdout" },
    ]);
    expect(r.content).toBe("one\ntwo\nthree\n[exit code 0]");
  });

  it("closes stdin, so a command reading it returns at once", async () => {
    const shell = createShellTool({ outputDir: dir, defaultTimeoutMs: 5_000 });
    const started = Date.now();
    const r = await shell.execute({ command: "cat; echo done" }, makeContext(dir).ctx);
    expect(r.content).toBe("done\n[exit code 0]");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("says when there was no output", async () => {
    const shell = createShellTool({ outputDir: dir });
    const r = await shell.execute({ command: "true" }, makeContext(dir).ctx);
    expect(r.content).toBe("(no output)\n[exit code 0]");
  });

  it("reports a command killed by a signal", async () => {
    const shell = createShellTool({ outputDir: dir });
    const r = await shell.execute({ command: "kill -USR1 $$" }, makeContext(dir).ctx);
    expect(r.details?.signal).toBe("SIGUSR1");
    expect(r.content).toContain("[killed by SIGUSR1]");
    expect(r.isError).toBe(true);
  });

  it("refuses to run in a missing working directory", async () => {
    const shell = createShellTool({ outputDir: dir });
    const r = await shell.execute({ command: "echo hi" }, makeContext(`${dir}/missing`).ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toContain("does not exist");
  });

  it("summarizes a call as its command", () => {
    const shell = createShellTool();
    expect(shell.summarize?.({ command: "npm test" })).toBe("npm test");
    expect(shell.kind).toBe("execute");
    expect(readOnlyOf(shell)).toBe(false);
  });
});
