/**
 * `tandem exec` starts bubblewrap's probe while its modules load (startSandboxProbe); the session then waits for
 * that probe instead of createSandbox probing again, synchronously. Through a wrapper that logs each bwrap run.
 */
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkSandboxSupport,
  clearSandboxSupportCache,
  createSandbox,
  sandboxProbeInFlight,
  startSandboxProbe,
} from "../../src/sandbox/index.ts";
import { makeTempDirs } from "./helpers.ts";

describe("the sandbox probe started early", () => {
  const dirs = makeTempDirs();
  afterEach(() => {
    clearSandboxSupportCache();
    dirs.cleanup();
  });

  /** A bwrap that appends a line to `log` each time it runs, then runs the real one. */
  function loggingBwrap(log: string): string {
    const script = join(dirs.make("bin"), "bwrap-logging");
    writeFileSync(script, `#!/bin/sh\necho run >> '${log}'\nexec bwrap "$@"\n`);
    chmodSync(script, 0o755);
    return script;
  }

  it("is shared by every check while it runs, and createSandbox after it runs bwrap no more", async () => {
    const log = join(dirs.make("log"), "runs");
    writeFileSync(log, "");
    const bwrap = loggingBwrap(log);
    startSandboxProbe({ platform: "linux", bwrapPath: bwrap });
    const running = sandboxProbeInFlight(bwrap);
    expect(running).toBeDefined();
    expect(checkSandboxSupport(bwrap)).toBe(running);
    expect(await running).toEqual({ ok: true });
    expect(sandboxProbeInFlight(bwrap)).toBeUndefined();
    createSandbox({
      mode: "workspace-write",
      workspace: dirs.make("ws"),
      bwrapPath: bwrap,
      platform: "linux",
    });
    expect(readFileSync(log, "utf8")).toBe("run\n");
  });

  it("starts nothing where there is no bubblewrap to probe", () => {
    startSandboxProbe({ platform: "darwin", bwrapPath: "/nonexistent/bwrap" });
    expect(sandboxProbeInFlight("/nonexistent/bwrap")).toBeUndefined();
  });
});
