/**
 * A minimal `git` runner for the safety layer: execFile (no shell), a sanitized environment, no hooks, no pager,
 * no prompts. Shared by checkpoints (shadow repository) and backups (the user's repository).
 */
import { execFile } from "node:child_process";

export interface GitRunOptions {
  /** The git executable. Default "git" (from PATH). */
  bin?: string;
  /** Working directory. Default: process.cwd(). */
  cwd?: string;
  /** Extra environment entries, applied after sanitizing. */
  env?: Record<string, string>;
  /** Data written to stdin. */
  input?: string | Buffer;
  /** Kill the process after this many ms. Default 60_000 (remote operations can be slow). */
  timeoutMs?: number;
  /** Exit codes treated as success. Default [0]. */
  okCodes?: number[];
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

/**
 * Variables that would redirect git to another repository, index or object store, or change its output.
 * They are dropped so an ambient `GIT_DIR` (e.g. tandem started from a git hook) never leaks into our calls.
 */
const DROPPED_ENV = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_NAMESPACE",
  "GIT_COMMON_DIR",
  "GIT_CEILING_DIRECTORIES",
  "GIT_DISCOVERY_ACROSS_FILESYSTEM",
  "GIT_PREFIX",
  "GIT_EXTERNAL_DIFF",
  "GIT_DIFF_OPTS",
  "GIT_PAGER",
  "GIT_EDITOR",
  "GIT_SEQUENCE_EDITOR",
  "GIT_TRACE",
  "GIT_CONFIG",
  "GIT_CONFIG_PARAMETERS",
  "GIT_CONFIG_COUNT",
  "GIT_LITERAL_PATHSPECS",
  "GIT_GLOB_PATHSPECS",
  "GIT_NOGLOB_PATHSPECS",
  "GIT_ICASE_PATHSPECS",
];

/** Process environment minus redirecting GIT_* variables, plus safe defaults (no prompts, C locale, no pager). */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of DROPPED_ENV) delete env[key];
  for (const key of Object.keys(env))
    if (key.startsWith("GIT_CONFIG_KEY_") || key.startsWith("GIT_CONFIG_VALUE_")) delete env[key];
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_OPTIONAL_LOCKS = "0";
  env.GIT_PAGER = "cat";
  env.PAGER = "cat";
  env.LC_ALL = "C";
  env.LANGUAGE = "C";
  return { ...env, ...extra };
}

/** `-c` flags every call gets: hooks disabled, no fsmonitor daemon, unquoted UTF-8 paths. */
export const BASE_FLAGS = [
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "core.fsmonitor=false",
  "-c",
  "core.quotePath=false",
];

/** Runs git; rejects with GitError on a non-accepted exit code. Output is decoded as UTF-8. */
export function runGit(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
  const okCodes = options.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = execFile(
      options.bin ?? "git",
      [...BASE_FLAGS, ...args],
      {
        cwd: options.cwd,
        env: gitEnv(options.env),
        maxBuffer: 256 * 1024 * 1024,
        timeout: options.timeoutMs ?? 60_000,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        if (okCodes.includes(code)) resolve({ stdout, stderr, code });
        else reject(new GitError(args, code, stderr || (error?.message ?? "")));
      },
    );
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
