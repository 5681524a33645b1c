/**
 * Shared test plumbing for the sandbox tests: temp dirs outside /tmp (the sandbox replaces /tmp with its own
 * tmpfs, which would make "outside" trivially invisible rather than read-only) and running a wrapped command.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Sandbox } from "../../src/sandbox/index.ts";

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
): Promise<RunResult & { notes: string[] }> {
  const prepared = sandbox.prepare(["bash", "-c", script], cwd);
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

/** The environment for the tests' own git: a fixed identity, so commits work on a machine with no git config. */
export const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.com",
};

/** Runs the test's own git (on the host, not sandboxed) in `cwd`; throws on failure. */
export const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, { cwd, env: gitEnv, encoding: "utf8", stdio: "pipe" });

/** A repository on `main` in `ws` with one commit of `a.txt`. */
export function initCommittedRepo(ws: string): void {
  git(ws, "init", "-q", "-b", "main");
  writeFileSync(join(ws, "a.txt"), "a\n");
  git(ws, "add", "a.txt");
  git(ws, "commit", "-qm", "one");
}
