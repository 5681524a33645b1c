/**
 * Shared test plumbing for the sandbox tests: temp dirs outside /tmp (the sandbox replaces /tmp with its own
 * tmpfs, which would make "outside" trivially invisible rather than read-only) and running a wrapped command.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PrepareOptions, Sandbox } from "../../src/sandbox/index.ts";
import { gitIn } from "../support/guard-repo.ts";

/** /var/tmp is not covered by the sandbox's private /tmp and is on one filesystem (for the hard-link test). */
const BASE = "/var/tmp";

export function makeTempDirs(): { make(prefix: string): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make(prefix) {
      const dir = mkdtempSync(join(BASE, `tandem-sbx-${prefix}-`));
      made.push(dir);
      return dir;
    },
    cleanup() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bash -c script` inside the sandbox with `cwd`, capturing output. */
export function runIn(sandbox: Sandbox, script: string, cwd: string): Promise<RunResult> {
  return spawnArgv(sandbox.wrap(["bash", "-c", script], cwd), cwd);
}

/** Like `runIn`, then the sandbox's check after the command (as the shell tool runs it); `notes` are its notes. */
export async function runChecked(
  sandbox: Sandbox,
  script: string,
  cwd: string,
  options: PrepareOptions = {},
): Promise<RunResult & { notes: string[] }> {
  const prepared = sandbox.prepare(["bash", "-c", script], cwd, options);
  const result = await spawnArgv(prepared.argv, cwd);
  return { ...result, notes: prepared.finish() };
}

function spawnArgv([file, ...args]: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file as string, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the test's own git (on the host, not sandboxed) in `cwd`, with a fixed identity; output trimmed. */
export const git = (cwd: string, ...args: string[]) => gitIn(cwd, args);

/** A repository on `main` in `ws` with one commit of `a.txt`. */
export function initCommittedRepo(ws: string): void {
  git(ws, "init", "-q", "-b", "main");
  writeFileSync(join(ws, "a.txt"), "a\n");
  git(ws, "add", "a.txt");
  git(ws, "commit", "-qm", "one");
}

/**
 * Whether a test can run a program as `nobody`: setpriv, and root to drop from (as here and in CI). Without root,
 * bubblewrap needs unprivileged user namespaces; these tests exercise that path for real.
 */
export const canRunAsNobody = process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status === 0;

/** Runs `argv` as `nobody` (uid and gid 65534, no supplementary groups) in `cwd`; output as text. */
export function runAsNobody(argv: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", ...argv], {
    cwd,
    encoding: "utf8",
  });
}
