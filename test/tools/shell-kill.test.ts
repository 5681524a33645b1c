import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShellTool } from "../../src/tools/shell.ts";
import { isDead, makeContext, makeTempDir, removeDir } from "./tool-support.ts";

let dir: string;
const spawned: number[] = [];
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  for (const pid of spawned.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone, as it should be
    }
  }
  await removeDir(dir);
});

/** A command whose background grandchild prints its pid, then bash waits. */
const withGrandchild = "sleep 100 & echo $!; wait";

function grandchildPid(chunks: { chunk: string }[]): number {
  const pid = Number(
    chunks
      .map((c) => c.chunk)
      .join("")
      .trim()
      .split("\n")[0],
  );
  spawned.push(pid);
  return pid;
}

describe("shell kill", () => {
  it("on timeout kills the whole process group and says so", async () => {
    const shell = createShellTool({ outputDir: dir, defaultTimeoutMs: 500 });
    const { ctx, chunks } = makeContext(dir);
    const r = await shell.execute({ command: withGrandchild }, ctx);
    const pid = grandchildPid(chunks);
    expect(pid).toBeGreaterThan(0);
    expect(isDead(pid)).toBe(true);
    expect(r.details?.timed_out).toBe(true);
    expect(r.isError).toBe(true);
    expect(r.content).toContain("[timed out after 500 ms; the command and its children were killed]");
  });

  it("uses SIGKILL after the grace period when SIGTERM is ignored", async () => {
    const shell = createShellTool({ outputDir: dir, defaultTimeoutMs: 300, killGraceMs: 300 });
    const { ctx, chunks } = makeContext(dir);
    const r = await shell.execute(
      { command: `trap '' TERM; (trap '' TERM; sleep 100) & echo $!; wait` },
      ctx,
    );
    const pid = grandchildPid(chunks);
    expect(isDead(pid)).toBe(true);
    expect(r.details?.timed_out).toBe(true);
  });

  it("on abort kills the whole process group", async () => {
    const shell = createShellTool({ outputDir: dir });
    const controller = new AbortController();
    const { ctx, chunks } = makeContext(dir, controller.signal);
    const started = Date.now();
    const pending = shell.execute({ command: withGrandchild }, ctx);
    while (chunks.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const r = await pending;
    const pid = grandchildPid(chunks);
    expect(isDead(pid)).toBe(true);
    expect(r.details?.aborted).toBe(true);
    expect(r.content).toContain("interrupted by the user");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("clamps a timeout above the maximum and tells the model", async () => {
    const shell = createShellTool({ outputDir: dir, maxTimeoutMs: 400 });
    const r = await shell.execute({ command: "sleep 5", timeout_ms: 900_000 }, makeContext(dir).ctx);
    expect(r.details?.timed_out).toBe(true);
    expect(r.details?.duration_ms).toBeLessThan(3_000);
    expect(r.content).toContain("timeout_ms 900000 is above the maximum; used 400");
  });

  it("does not run at all when already aborted", async () => {
    const shell = createShellTool({ outputDir: dir });
    const controller = new AbortController();
    controller.abort();
    const r = await shell.execute({ command: `touch ${dir}/ran` }, makeContext(dir, controller.signal).ctx);
    expect(r.isError).toBe(true);
    expect(r.details?.aborted).toBe(true);
    const { existsSync } = await import("node:fs");
    expect(existsSync(`${dir}/ran`)).toBe(false);
  });
});
