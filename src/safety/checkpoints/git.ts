/**
 * A minimal `git` runner for the safety layer: execFile (no shell), built by hostGitInvocation, so nothing a
 * repository configures can run (see src/safety/host-git/). Shared by checkpoints (shadow repository), backups
 * and the guard's inspections (the user's repository).
 */
import { execFile } from "node:child_process";
import { type HostGitOptions, hostGitInvocation } from "../host-git/invocation.ts";

export interface GitRunOptions extends HostGitOptions {
  /** Data written to stdin. */
  input?: string | Buffer;
  /** Kill the process after this many ms. Default 60_000 (remote operations can be slow). */
  timeoutMs?: number;
  /** Exit codes treated as success. Default [0]. */
  okCodes?: number[];
  /** Called with each piece of stdout as it arrives (progress); the whole output is still returned. */
  onStdout?: (chunk: string) => void;
  /** Aborting kills git (SIGTERM: git removes its lock files) and rejects. Default: none. */
  signal?: AbortSignal;
  /**
   * Awaited before git (and the config read that hardens it) starts: background work waits here while a step is
   * handled (src/safety/pacing.ts). Default: starts at once.
   */
  pace?: () => Promise<void>;
}

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

export class GitError extends Error {
  readonly code: number;
  readonly stderr: string;
  readonly args: readonly string[];
  constructor(args: readonly string[], code: number, stderr: string) {
    super(
      `git ${args.slice(0, 3).join(" ")} failed (exit ${code}): ${stderr.trim().split("\n").slice(-3).join(" / ")}`,
    );
    this.name = "GitError";
    this.code = code;
    this.stderr = stderr;
    this.args = args;
  }
}

/** Runs git; rejects with GitError on a non-accepted exit code. Output is decoded as UTF-8. */
export async function runGit(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
  const okCodes = options.okCodes ?? [0];
  await options.pace?.();
  const invocation = await hostGitInvocation(args, options);
  if ("refused" in invocation) {
    const { code, stderr } = invocation.refused;
    if (okCodes.includes(code)) return { stdout: "", stderr, code };
    throw new GitError(args, code, stderr);
  }
  // Again: the config read above is a git of its own, and a hold may have begun while it ran.
  await options.pace?.();
  return new Promise((resolve, reject) => {
    const child = execFile(
      invocation.file,
      invocation.args,
      {
        cwd: options.cwd,
        env: invocation.env,
        maxBuffer: 256 * 1024 * 1024,
        timeout: options.timeoutMs ?? 60_000,
        ...(options.signal ? { signal: options.signal } : {}),
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        if (okCodes.includes(code)) resolve({ stdout, stderr, code });
        else reject(new GitError(args, code, stderr || (error?.message ?? "")));
      },
    );
    if (options.onStdout) child.stdout?.on("data", options.onStdout);
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Splits NUL-terminated git output (`-z`) into its fields, dropping the trailing empty one. */
export function splitNul(text: string): string[] {
  const parts = text.split("\0");
  if (parts.at(-1) === "") parts.pop();
  return parts;
}

/** The empty tree's object id (SHA-1 repositories). */
export const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
