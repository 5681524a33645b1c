import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runSandboxed } from "../../src/sandbox/index.ts";
import { makeTempDirs } from "./helpers.ts";

describe("runSandboxed (behind `tandem sandbox -- CMD`)", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  it("returns the command's exit code and writes land in the workspace", async () => {
    const ws = dirs.make("ws");
    const code = await runSandboxed(["bash", "-c", "echo hi > out.txt; exit 7"], { workspace: ws, home: ws });
    expect(code).toBe(7);
    expect(readFileSync(join(ws, "out.txt"), "utf8")).toBe("hi\n");
  });

  it("fails a write outside the workspace with a non-zero code", async () => {
    const ws = dirs.make("ws");
    const outside = dirs.make("outside");
    const code = await runSandboxed(["bash", "-c", `echo x > ${outside}/x`], { workspace: ws, home: ws });
    expect(code).not.toBe(0);
  });

  it("reports 128+signal when the command is killed by a signal", async () => {
    const ws = dirs.make("ws");
    // The sandboxed command is pid 1's child; it kills itself.
    const code = await runSandboxed(["bash", "-c", "kill -TERM $$"], { workspace: ws, home: ws });
    expect(code).toBe(128 + 15);
  });

  it("inherits stdio: the command's output reaches the caller's terminal", () => {
    const ws = dirs.make("ws");
    const script = join(dirs.make("script"), "run.ts");
    const entry = resolve("src/sandbox/index.ts");
    writeFileSync(
      script,
      `import { runSandboxed } from ${JSON.stringify(entry)};\n` +
        `process.exitCode = await runSandboxed(["bash", "-c", "echo out; echo err >&2; read x; echo got $x"], ` +
        `{ workspace: ${JSON.stringify(ws)}, home: ${JSON.stringify(ws)} });\n`,
    );
    const r = spawnSync(process.execPath, [script], { input: "typed\n", encoding: "utf8" });
    expect(r.stdout).toBe("out\ngot typed\n");
    expect(r.stderr).toContain("err\n");
    expect(r.status).toBe(0);
  });
});
