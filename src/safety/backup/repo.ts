/**
 * Git access to the USER's repository for the backup primitives. Unlike the shadow repo, the user's own config is
 * honoured (filters such as git-lfs, credentials and URL rewrites for remotes), but hooks never run and no prompt
 * can block (GIT_TERMINAL_PROMPT=0). Commits we create carry a fixed tandem identity, so a missing user.name
 * cannot make a backup fail.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { type GitResult, type GitRunOptions, runGit } from "../checkpoints/git.ts";
import { gitEnvSnapshot } from "../host-git/env.ts";

export const TANDEM_IDENTITY = {
  GIT_AUTHOR_NAME: "tandem",
  GIT_AUTHOR_EMAIL: "tandem@localhost",
  GIT_COMMITTER_NAME: "tandem",
  GIT_COMMITTER_EMAIL: "tandem@localhost",
};

/** Root of all backup refs in the user's repository. */
export const BACKUP_REF_PREFIX = "refs/tandem/backups";

/**
 * The git of the user's repository, for every inspection, backup and restore of the guard: the one place that
 * says which environment that git starts from (where `git` is found, `HOME` and the global config it reads).
 */
export interface UserGit {
  /** Runs git in `cwd`; rejects with GitError on a non-accepted exit code. */
  run(cwd: string, args: readonly string[], options?: GitRunOptions): Promise<GitResult>;
  /** The trimmed stdout of `run`. */
  out(cwd: string, args: readonly string[], options?: GitRunOptions): Promise<string>;
}

/**
 * A UserGit starting from `baseEnv`, sanitized once (host-git/env.ts): a session passes its own environment
 * (`createSession({ env })`), as its checkpoints do. Without one: the process's, read at each call.
 */
export function createUserGit(baseEnv?: NodeJS.ProcessEnv): UserGit {
  const sanitizedEnv = baseEnv ? gitEnvSnapshot(baseEnv) : undefined;
  const run = (cwd: string, args: readonly string[], options: GitRunOptions = {}) =>
    runGit(args, {
      ...options,
      cwd,
      ...(sanitizedEnv ? { sanitizedEnv } : {}),
      env: { ...TANDEM_IDENTITY, ...options.env },
    });
  return { run, out: async (cwd, args, options) => (await run(cwd, args, options)).stdout.trim() };
}

/** The process's own: `tandem undo` from the command line, and callers that were given no other. */
export const processGit: UserGit = createUserGit();

export interface RepoPaths {
  /** Work tree root. */
  top: string;
  /** Absolute git directory. */
  gitDir: string;
  /** Absolute path of the user's index file. */
  indexFile: string;
}

/** Locates the repository containing `cwd`; throws a readable error outside a work tree. */
export async function repoPaths(cwd: string, git: UserGit = processGit): Promise<RepoPaths> {
  const result = await git.run(
    cwd,
    ["rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-path", "index"],
    {
      okCodes: [0, 128],
    },
  );
  const [top, gitDir, index] = result.stdout.trim().split("\n");
  if (result.code !== 0 || !top || !gitDir || !index) {
    throw new Error(`${cwd} is not inside a git work tree (${result.stderr.trim()}); nothing was backed up.`);
  }
  return { top, gitDir, indexFile: path.resolve(cwd, index) };
}

/** HEAD's commit id, or null on an unborn branch. */
export async function headCommit(cwd: string, git: UserGit = processGit): Promise<string | null> {
  const result = await git.run(cwd, ["rev-parse", "-q", "--verify", "HEAD^{commit}"], {
    okCodes: [0, 1, 128],
  });
  return result.code === 0 ? result.stdout.trim() : null;
}

/** A sortable, unique ref component: 20261124T190700Z-3f9a. */
export function stamp(now = new Date()): string {
  const iso = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${iso}-${randomBytes(2).toString("hex")}`;
}

/** Makes an arbitrary string (remote URL, branch name) safe as ref path components. */
export function refSafe(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._/-]/g, "_")
      .replace(/\.{2,}/g, "_")
      .replace(/\/{2,}/g, "/")
      .split("/")
      .map((part) => part.replace(/^\.+/, "_").replace(/\.lock$/, "_lock"))
      .filter((part) => part.length > 0)
      .join("/") || "_"
  );
}
