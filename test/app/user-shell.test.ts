/**
 * The `!command` runner with real processes: output and exit code, the user's shell and environment and the
 * session's folder, Esc (kill) stopping the whole process group, bounded output, a missing folder.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { runUserShell } from "../../src/app/user-shell.ts";
import { groupAlive } from "../../src/tools/process-group.ts";

const dirs: string[] = [];
const pids: number[] = [];
afterEach(() => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "tandem-bang-")));
  dirs.push(dir);
  return dir;
};

it("runs in the folder with the user's shell and environment, streaming stdout and stderr", async () => {
  const cwd = tempDir();
  const seen: string[] = [];
  const run = runUserShell({
    command: 'echo "$0 in $(pwd) with $MY_VAR"; echo oops >&2; exit 3',
    cwd,
    env: { ...process.env, SHELL: "/bin/sh", MY_VAR: "mine" },
    onOutput: (text) => seen.push(text),
  });
  const r = await run.done;
  expect(r.exitCode).toBe(3);
  expect(r.killed).toBe(false);
  expect(r.head).toContain(`/bin/sh in ${cwd} with mine\n`);
  expect(r.head).toContain("oops\n");
  expect(seen.join("")).toBe(r.head);
  expect(r.lineBreaks).toBe(2);
  expect(r.error).toBeUndefined();
});

it("falls back to bash without SHELL", async () => {
  const env = { ...process.env };
  delete env.SHELL;
  const r = await runUserShell({ command: "echo $0", cwd: tempDir(), env }).done;
  expect(r.head).toBe("bash\n");
  expect(r.exitCode).toBe(0);
});

it("kill stops the command and everything it started, leaving no process behind", async () => {
  const cwd = tempDir();
  let out = "";
  const run = runUserShell({
    // A background job, a subshell's child and a foreground sleep: all in the command's process group.
    command: "sleep 30 & (sleep 31; echo never) & echo started; sleep 32",
    cwd,
    env: { ...process.env, SHELL: "/bin/bash" },
    onOutput: (text) => {
      out += text;
    },
  });
  const pid = run.pid as number;
  pids.push(pid);
  const started = Date.now();
  while (!out.includes("started")) await new Promise((r) => setTimeout(r, 10));
  expect(groupAlive(pid)).toBe(true);
  run.kill();
  const r = await run.done;
  expect(out).toContain("started");
  expect(out).not.toContain("never");
  expect(r.killed).toBe(true);
  expect(r.exitCode).toBeNull();
  expect(r.signal).toBe("SIGTERM");
  expect(groupAlive(pid)).toBe(false);
  expect(Date.now() - started).toBeLessThan(5_000);
});

it("keeps a bounded head and tail of a large output and counts its lines", async () => {
  const r = await runUserShell({
    command: "seq 1 200000",
    cwd: tempDir(),
    headChars: 1_000,
    tailChars: 2_000,
  }).done;
  expect(r.exitCode).toBe(0);
  expect(r.lineBreaks).toBe(200_000);
  expect(r.head.length).toBe(1_000);
  expect(r.head.startsWith("1\n2\n3\n")).toBe(true);
  expect(r.tail.endsWith("199999\n200000\n")).toBe(true);
  expect(r.tail.length).toBeLessThanOrEqual(4_000);
  expect(r.omittedChars).toBeGreaterThan(1_000_000);
  expect(r.head.length + r.tail.length + r.omittedChars).toBe(
    Array.from({ length: 200_000 }, (_, i) => `${i + 1}\n`).join("").length,
  );
});

it("runs nothing in a folder that does not exist, and says so", async () => {
  const missing = join(tempDir(), "gone");
  const r = await runUserShell({ command: "echo hi", cwd: missing }).done;
  expect(r.error).toContain(`not run: the folder ${missing} cannot be used (ENOENT)`);
  expect(r.head).toBe("");
  expect(r.exitCode).toBeNull();
});
