/**
 * The one way tandem builds a git command line that runs on the host (outside the sandbox): checkpoints, the
 * guard's inspections and backups, the file index. A repository the model prepared (a nested `git init`, an edited
 * `.git/config`, an include, a `config.worktree`) can make git run programs: filters, diff drivers, fsmonitor,
 * ssh/askpass/credential helpers, upload-pack, remote helpers... None of them may run with tandem's rights.
 *
 * How: read the effective config first (`git config --list --show-scope -z` parses files and follows includes but
 * runs nothing; checked by the tests), then override on the command line every program-valued key that a
 * repository scope set, with the user's own (system/global) value or a neutral one. Settings that no `-c` can
 * override are handled by environment and flags: `GIT_ALLOW_PROTOCOL`, `GIT_EDITOR`, `--upload-pack`,
 * `--no-ext-diff`, and `GIT_DIR`/`GIT_WORK_TREE` when the config names another work tree (`core.worktree`).
 */
import { execFile } from "node:child_process";
import { lstat, readdir, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { sanitizedGitEnv } from "./env.ts";
import { gitlinkExcludes, parseGitlinks, withPathspecs } from "./gitlinks.ts";
import {
  CREDENTIAL_HELPER,
  DIFF_COMMANDS,
  DIFF_FLAGS,
  PROGRAM_KEYS,
  REMOTE_FLAGS,
  STATIC_FLAGS,
  TRUSTED_SCOPES,
} from "./program-keys.ts";

export interface HostGitOptions {
  /** The git executable. Default "git" (from PATH). */
  bin?: string;
  /** Working directory. Default: process.cwd(). */
  cwd?: string;
  /** Extra environment entries, applied after sanitizing. */
  env?: Record<string, string>;
  /**
   * The environment already sanitized once (`gitEnvSnapshot(baseEnv)`), used instead of sanitizing `baseEnv`
   * again for this call. Default: none (`baseEnv` is sanitized per call).
   */
  sanitizedEnv?: Readonly<NodeJS.ProcessEnv>;
  /**
   * The environment git starts from, before sanitizing (env.ts): where `git` is found (`PATH`), `HOME` and its
   * global config. Default the process's; a session passes its own (`createSession({ env })`, docs/sdk.md).
   */
  baseEnv?: NodeJS.ProcessEnv;
  /**
   * Whose config the repository carries. "untrusted" (default): any repository in the workspace, so its config is
   * read and neutralized before each call. "tandem": tandem's own shadow store (GIT_DIR in tandem's home, system
   * and global config off), whose config tandem wrote and the sandbox cannot write; the static hardening still
   * applies, the extra config read is skipped.
   */
  config?: "untrusted" | "tandem";
  /**
   * Shared by a burst of calls on one repository that nothing else writes meanwhile (the index seed's, at
   * session start): the config is read by the first of them and reused by the others, one git process fewer
   * each. Default: none, read before each call.
   */
  configCache?: HostConfigCache;
}

/** The effective config read once for a burst of calls (`HostGitOptions.configCache`); start with `{}`. */
export interface HostConfigCache {
  read?: Promise<{ entries: ConfigEntry[] } | HostGitRefusal>;
}

export interface HostGitInvocation {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** The config could not be read (broken file, unreadable repository): nothing was run. */
export interface HostGitRefusal {
  refused: { code: number; stderr: string };
}

export interface ConfigEntry {
  scope: string;
  key: string;
  value: string | null;
}

/** Builds the hardened command line for `git <args>`; a refusal when the repository's config cannot be read. */
export async function hostGitInvocation(
  args: readonly string[],
  options: HostGitOptions = {},
): Promise<HostGitInvocation | HostGitRefusal> {
  const file = options.bin ?? "git";
  const env = options.sanitizedEnv
    ? { ...options.sanitizedEnv, ...options.env }
    : sanitizedGitEnv(options.env, options.baseEnv);
  let overrides: string[] = [];
  let command = [...args];
  if ((options.config ?? "untrusted") === "untrusted") {
    const cache = options.configCache;
    if (cache && !cache.read) cache.read = readConfig(file, options.cwd, env);
    const read = await (cache?.read ?? readConfig(file, options.cwd, env));
    if ("refused" in read) return read;
    overrides = configOverrides(read.entries, env);
    if (read.entries.some((e) => !TRUSTED_SCOPES.has(e.scope) && LOCAL_TRANSPORT_PROGRAM.test(e.key)))
      env.GIT_ALLOW_PROTOCOL = withoutFileTransport(env.GIT_ALLOW_PROTOCOL);
    if (read.entries.some((e) => e.key.toLowerCase() === "core.worktree") && !env.GIT_WORK_TREE) {
      const own = await ownWorkTree(options.cwd ?? process.cwd());
      if (!own) {
        const stderr = "the repository's config sets core.worktree and its own .git could not be found";
        return { refused: { code: 128, stderr } };
      }
      env.GIT_DIR = own.gitDir;
      env.GIT_WORK_TREE = own.top;
    }
    if (subcommand(args) === "add") {
      const listed = await output(file, ["ls-files", "-z", "--stage"], options.cwd, env);
      if (listed === null)
        return { refused: { code: 128, stderr: "could not list the index's nested repositories" } };
      command = withPathspecs(args, gitlinkExcludes(options.cwd ?? process.cwd(), parseGitlinks(listed)));
    }
  }
  return { file, args: [...STATIC_FLAGS, ...overrides, ...withSubcommandFlags(command)], env };
}

/**
 * Over a local (`file`) transport git runs `remote.<r>.uploadpack`/`receivepack` itself, through the shell; both
 * are first-wins, so no `-c` replaces a repository's value, and `--upload-pack` only reaches the command we start,
 * not the fetch git starts on its own to fill in a partial clone's missing objects (`extensions.partialClone`).
 * A repository naming its own program therefore gets no local transport from tandem's git: the call fails (the
 * guard then refuses, with the reason) instead of running it. ssh runs it on the remote host; http never.
 */
const LOCAL_TRANSPORT_PROGRAM = /^remote\..+\.(uploadpack|receivepack)$/i;

function withoutFileTransport(allowed: string | undefined): string {
  return (allowed ?? "")
    .split(":")
    .filter((p) => p !== "" && p !== "file")
    .join(":");
}

/** Stdout of a read-only git call that runs no program (ls-files: no filters, hooks or fsmonitor with our env). */
function output(
  file: string,
  args: string[],
  cwd: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      file,
      [...STATIC_FLAGS, ...args],
      { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 60_000 },
      (error, stdout) => resolve(error ? null : stdout),
    );
  });
}

/** Effective config with each entry's scope; includes are followed (their entries carry the includer's scope). */
async function readConfig(
  file: string,
  cwd: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ entries: ConfigEntry[] } | HostGitRefusal> {
  return new Promise((resolve) => {
    execFile(
      file,
      ["config", "--list", "--show-scope", "-z"],
      { cwd, env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: 10_000 },
      (error, stdout, stderr) => {
        // Exit 1 with no output: no config at all.
        if (error && !(error.code === 1 && stdout === "")) {
          const code = typeof error.code === "number" ? error.code : 128;
          resolve({ refused: { code, stderr: `reading git config: ${stderr || error.message}` } });
        } else resolve({ entries: parseConfigList(stdout) });
      },
    );
  });
}

/** Parses `git config --list --show-scope -z`: `scope NUL key LF value NUL` (no LF when the key has no value). */
export function parseConfigList(text: string): ConfigEntry[] {
  const parts = text.split("\0");
  const entries: ConfigEntry[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const scope = parts[i] ?? "";
    const entry = parts[i + 1] ?? "";
    const newline = entry.indexOf("\n");
    entries.push(
      newline < 0
        ? { scope, key: entry, value: null }
        : { scope, key: entry.slice(0, newline), value: entry.slice(newline + 1) },
    );
  }
  return entries;
}

/**
 * `-c` flags replacing every program-valued key a non-trusted scope set: by the last trusted value of that key, or
 * the neutral one. Credential helpers: the list is cleared and the trusted helpers re-added in their order.
 */
export function configOverrides(entries: readonly ConfigEntry[], env: NodeJS.ProcessEnv = {}): string[] {
  const out: string[] = [];
  const untrusted = entries.filter((e) => !TRUSTED_SCOPES.has(e.scope));
  const done = new Set<string>();
  for (const entry of untrusted) {
    const rule = PROGRAM_KEYS.find((r) => r.match.test(entry.key));
    if (!rule || done.has(entry.key)) continue;
    done.add(entry.key);
    const trusted = entries.filter((e) => e.key === entry.key && TRUSTED_SCOPES.has(e.scope)).at(-1);
    out.push("-c", `${entry.key}=${trusted?.value ?? neutralValue(entry.key, rule.neutral, env)}`);
  }
  if (untrusted.some((e) => CREDENTIAL_HELPER.test(e.key))) {
    out.push("-c", "credential.helper=");
    for (const e of entries)
      if (TRUSTED_SCOPES.has(e.scope) && CREDENTIAL_HELPER.test(e.key))
        out.push("-c", `${e.key}=${e.value ?? ""}`);
  }
  return out;
}

/**
 * The neutral value, except for ssh: a user who names their ssh program in `GIT_SSH` (which `core.sshCommand`
 * would beat) keeps it. `GIT_SSH_COMMAND` needs nothing: the environment beats any config.
 */
function neutralValue(key: string, neutral: string, env: NodeJS.ProcessEnv): string {
  if (key.toLowerCase() === "core.sshcommand" && env.GIT_SSH)
    return `'${env.GIT_SSH.replaceAll("'", "'\\''")}'`;
  return neutral;
}

/** Git's own options that take the next word as their value. */
const GIT_VALUE_OPTIONS = new Set(["-c", "-C", "--git-dir", "--work-tree", "--namespace", "--exec-path"]);

/** Index of the subcommand word in git's argv (after git's own options), or -1. */
function subcommandIndex(args: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? "";
    if (GIT_VALUE_OPTIONS.has(word)) i++;
    else if (!word.startsWith("-")) return i;
  }
  return -1;
}

export function subcommand(args: readonly string[]): string | undefined {
  return args[subcommandIndex(args)];
}

/** Inserts the per-subcommand hardening flags right after the subcommand word. */
export function withSubcommandFlags(args: readonly string[]): string[] {
  const i = subcommandIndex(args);
  if (i < 0) return [...args];
  const word = args[i] ?? "";
  const flags = DIFF_COMMANDS.has(word) ? DIFF_FLAGS : (REMOTE_FLAGS[word] ?? []);
  return [...args.slice(0, i + 1), ...flags, ...args.slice(i + 1)];
}

/**
 * The work tree git would use if the config did not redirect it: the nearest directory above `cwd` holding a
 * `.git` entry. Pinned with GIT_DIR/GIT_WORK_TREE so `core.worktree` (a submodule's legitimately points back at the
 * same directory) can never aim tandem's `add`/`read-tree -u` at another tree. A `.git` that is not a repository
 * then fails the call instead of being skipped: fail closed. Only an empty `.git` folder is skipped, as git does.
 */
async function ownWorkTree(cwd: string): Promise<{ top: string; gitDir: string } | null> {
  let dir = await realpath(cwd).catch(() => path.resolve(cwd));
  for (;;) {
    const candidate = path.join(dir, ".git");
    const stat = await lstat(candidate).catch(() => null);
    // An empty `.git` is no repository and git looks further up past it, as here: it is the sandbox's placeholder
    // (src/sandbox/placeholders.ts) kept between commands, in a folder that has none of its own.
    if (stat?.isDirectory() && !(await isEmptyDir(candidate))) return { top: dir, gitDir: candidate };
    if (stat?.isFile()) {
      const text = await readFile(candidate, "utf8").catch(() => "");
      const target = /^gitdir: (.+)$/m.exec(text)?.[1]?.trim();
      if (target) return { top: dir, gitDir: path.resolve(dir, target) };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

async function isEmptyDir(dir: string): Promise<boolean> {
  return (await readdir(dir).catch(() => ["?"])).length === 0;
}
