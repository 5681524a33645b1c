/**
 * `read` tells a file it may not read (permission denied: it exists, asking again will not help) from a missing
 * one (not found, with a hint). The permission cases are real kernel refusals: a file with mode 000 and a file
 * inside a folder with mode 000. Root reads through any mode (CAP_DAC_OVERRIDE), so when the tests run as root
 * the tool runs in a child process dropped to the `nobody` user (uid/gid 65534); otherwise in a child as the
 * current user. Either way nothing is simulated: the errors come from open(2) and stat(2).
 */
import { spawn } from "node:child_process";
import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createReadTool } from "../../src/tools/read.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

const READ_TS = resolve(import.meta.dirname, "../../src/tools/read.ts");
const NOBODY = 65_534;

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir("tandem-read-errors-");
});
afterEach(async () => {
  await chmod(join(dir, "locked"), 0o755).catch(() => undefined);
  await removeDir(dir);
});

/** Runs the read tool on each path in a child process that cannot override file modes; its answers by path. */
async function readAsUnprivileged(
  cwd: string,
  paths: string[],
): Promise<Record<string, { content: string }>> {
  const script = [
    `import { createReadTool } from ${JSON.stringify(READ_TS)};`,
    "const tool = createReadTool();",
    "const ctx = { cwd: process.argv[1], callId: 'c', signal: new AbortController().signal, onOutput() {} };",
    "const out = {};",
    "for (const p of process.argv.slice(2)) out[p] = await tool.execute({ path: p }, ctx);",
    "process.stdout.write(JSON.stringify(out));",
  ].join("\n");
  const asRoot = process.getuid?.() === 0;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, cwd, ...paths], {
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number | null>((done) => child.on("close", done));
  if (code !== 0) throw new Error(`read child exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as Record<string, { content: string }>;
}

describe("read: permission denied is not file not found", () => {
  it("a file with mode 000 and a file in a folder with mode 000 are permission errors, a missing file is not", async () => {
    // The child user must be able to reach the workspace itself.
    await chmod(dir, 0o755);
    await writeFile(join(dir, "secret.txt"), "top secret\n");
    await chmod(join(dir, "secret.txt"), 0o000);
    await mkdir(join(dir, "locked"));
    await writeFile(join(dir, "locked", "inner.txt"), "inner\n");
    await chmod(join(dir, "locked"), 0o000);
    await writeFile(join(dir, "notes.txt"), "readable\n");
    await chmod(join(dir, "notes.txt"), 0o644);

    const r = await readAsUnprivileged(dir, ["secret.txt", "locked/inner.txt", "notes.txt", "note.txt"]);

    expect(r["secret.txt"]?.content).toBe(
      "Permission denied: secret.txt exists but tandem may not read it (EACCES). Reading it again will fail the same way; if you need it, ask the user to make it readable.",
    );
    expect(r["locked/inner.txt"]?.content).toMatch(
      /^Permission denied: tandem may not look into a folder on the path to locked\/inner\.txt \(EACCES\)\./,
    );
    // The same child reads a readable file, so the denials above are the modes', not the child's set-up.
    expect(r["notes.txt"]?.content).toBe("1\treadable");
    expect(r["note.txt"]?.content).toMatch(/^File not found: note\.txt\. Did you mean: notes\.txt\?$/);
  });
});

describe("read: other ways a path is not a readable file", () => {
  it("a path through a file (ENOTDIR) is not found, saying a part of the path is a file", async () => {
    await writeFile(join(dir, "plain.txt"), "x\n");
    const r = await createReadTool().execute({ path: "plain.txt/inner.txt" }, makeContext(dir).ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toBe(
      "File not found: plain.txt/inner.txt (a part of the path is a file, not a folder). Use find or ls to locate it.",
    );
  });

  it("a symlink loop is neither not-found nor denied: the system's own reason", async () => {
    await symlink("loop-b", join(dir, "loop-a"));
    await symlink("loop-a", join(dir, "loop-b"));
    const r = await createReadTool().execute({ path: "loop-a" }, makeContext(dir).ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(/^Cannot read loop-a: ELOOP: too many symbolic links/);
  });
});
