/**
 * The shadow repository: a git directory of tandem's own (`<storeDir>/git`) whose work tree is the user's workspace,
 * with its own index (`<storeDir>/index`). The user's `.git` (repository, index, refs, stash, config) is never read
 * for writing nor written: every call sets GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE explicitly and ignores the
 * system and global git config.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { relativeInside } from "../../util/inside.ts";
import { makeDir } from "../../util/make-dir.ts";
import { outerIgnores } from "../../util/outer-ignores.ts";
import { gitEnvSnapshot } from "../host-git/env.ts";
import { type HostGitInvocation, type HostGitRefusal, hostGitInvocation } from "../host-git/invocation.ts";
import { GitError, type GitResult, type GitRunOptions, runGit } from "./git.ts";

export interface ShadowRepoOptions {
  workspace: string;
  storeDir: string;
  /** git executable. Default "git". */
  git?: string;
  /** The environment host git starts from (sanitized: host-git/env.ts). Default the process's; a session's own. */
  gitEnv?: NodeJS.ProcessEnv;
  /** Awaited before each git this repository starts (src/safety/pacing.ts). Default: starts at once. */
  pace?: () => Promise<void>;
}

export interface ShadowRepo {
  readonly gitDir: string;
  readonly indexFile: string;
  readonly workspace: string;
  /**
   * Awaited before each git this repository starts, and by the work on it that starts git itself (the index seed
   * in the user's repository, fast-import): the session's pacing (src/safety/pacing.ts). Resolves at once by
   * default.
   */
  readonly pace: () => Promise<void>;
  /** Runs git against the shadow repo. `indexFile` overrides the shadow index (for temporary indexes). */
  run(args: readonly string[], options?: ShadowRunOptions): Promise<GitResult>;
  /**
   * The hardened command line of `git <args>` against the shadow repo, for a caller that streams to the process
   * itself (fast-import); `run` is the way for everything else.
   */
  invocation(args: readonly string[]): Promise<HostGitInvocation | HostGitRefusal>;
  /** Creates and configures the repository on first use. Idempotent. */
  init(): Promise<void>;
}

export interface ShadowRunOptions
  extends Pick<GitRunOptions, "input" | "okCodes" | "onStdout" | "timeoutMs" | "signal"> {
  indexFile?: string;
  /** Starts at once, whatever the pacing: the git a step's preparation waits for. Default false. */
  unpaced?: boolean;
}

/** `<tandemHome>/checkpoints/<first 16 hex of sha256(absolute workspace path)>`. */
export function checkpointStoreDir(tandemHome: string, workspace: string): string {
  const hash = createHash("sha256").update(path.resolve(workspace)).digest("hex").slice(0, 16);
  return path.join(tandemHome, "checkpoints", hash);
}

/**
 * Settings appended to the shadow repo's config. Speed: untracked cache + index v4 + preload make `git add -A`
 * a stat walk that hashes only changed files; no automatic gc pauses. Safety: no hooks, no fsmonitor daemon, no
 * line-ending or encoding rewriting, so a restore writes back the exact bytes.
 */
const SHADOW_CONFIG = `[core]
\tbare = false
\tlogAllRefUpdates = false
\tautocrlf = false
\tsafecrlf = false
\tuntrackedCache = true
\tfsmonitor = false
\tpreloadIndex = true
\tlooseCompression = 1
\tquotePath = false
\thooksPath = /dev/null
[index]
\tversion = 4
[gc]
\tauto = 0
[commit]
\tgpgSign = false
[user]
\tname = tandem
\temail = tandem@localhost
`;

/** Never snapshot a git directory (the user's or a nested one's). */
const SHADOW_EXCLUDE = "# tandem checkpoints: never snapshot git directories\n.git\n";
const OUTER_HEADER = "# the enclosing repository's rules for this folder\n";

/**
 * The shadow repo's work tree is the workspace, so git would read the workspace's `.gitattributes` (and the
 * user's `~/.config/git/attributes`) and convert on the way in and out: `eol=crlf`/`text=auto` line endings,
 * `working-tree-encoding`, `ident` keywords, `filter` drivers. `$GIT_DIR/info/attributes` outranks all of them:
 * every path is recorded and restored as raw bytes. `-text` also disables `eol` (git only applies eol to text).
 */
const SHADOW_ATTRIBUTES =
  "# tandem checkpoints: record and restore exact bytes\n* -text -crlf -ident -filter -working-tree-encoding\n";
/** Marks a store whose index was built under SHADOW_ATTRIBUTES (older stores are re-recorded once). */
const ATTRIBUTES_READY = "tandem-exact-bytes";

// Up to ~30 s: a first checkpoint of a big workspace holds the index lock for seconds.
const LOCK_RETRIES = 600;
const LOCK_DELAY_MS = 50;

export function createShadowRepo(options: ShadowRepoOptions): ShadowRepo {
  const workspace = path.resolve(options.workspace);
  const storeDir = path.resolve(options.storeDir);
  const gitDir = path.join(storeDir, "git");
  const indexFile = path.join(storeDir, "index");
  let initialized: Promise<void> | null = null;
  const pace = options.pace ?? (() => Promise.resolve());

  // Sanitized once per store (a session's): every checkpoint starts several gits, and copying process.env for
  // each cost 0.2–0.7 ms.
  const hostEnv = gitEnvSnapshot(options.gitEnv);
  const baseEnv = {
    GIT_DIR: gitDir,
    GIT_WORK_TREE: workspace,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "tandem",
    GIT_AUTHOR_EMAIL: "tandem@localhost",
    GIT_COMMITTER_NAME: "tandem",
    GIT_COMMITTER_EMAIL: "tandem@localhost",
  };

  async function run(args: readonly string[], runOptions: ShadowRunOptions = {}): Promise<GitResult> {
    const full = ["-c", "safe.directory=*", ...args];
    const okCodes = runOptions.okCodes ?? [0];
    for (let attempt = 0; ; attempt++) {
      const result = await runGit(full, {
        bin: options.git,
        cwd: workspace,
        // Our own store: its config is the one written below, system and global config are off.
        config: "tandem",
        sanitizedEnv: hostEnv,
        env: { ...baseEnv, GIT_INDEX_FILE: runOptions.indexFile ?? indexFile },
        input: runOptions.input,
        onStdout: runOptions.onStdout,
        timeoutMs: runOptions.timeoutMs,
        signal: runOptions.signal,
        ...(runOptions.unpaced ? {} : { pace }),
        okCodes: [...okCodes, 128],
      });
      // Another tandem process on the same workspace holds the shadow index: wait for it rather than fail.
      if (result.code !== 0 && /\.lock': File exists/.test(result.stderr) && attempt < LOCK_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, LOCK_DELAY_MS));
        continue;
      }
      if (!okCodes.includes(result.code)) throw new GitError(args, result.code, result.stderr);
      return result;
    }
  }

  async function doInit(): Promise<void> {
    if (existsSync(path.join(gitDir, "HEAD")) && existsSync(path.join(gitDir, "tandem-ready"))) {
      if (!existsSync(path.join(gitDir, ATTRIBUTES_READY))) await exactBytes(gitDir);
      await writeExclude(gitDir, true); // the rules above the workspace may have changed since
      return;
    }
    await makeDir(storeDir);
    if (existsSync(path.join(gitDir, "HEAD"))) {
      // Made by a tandem that configured the store in place and stopped half-way: finish it there.
      await configure(gitDir);
      return;
    }
    // Two sessions starting together on a new workspace would both configure one directory (core.bare twice, a
    // config the first write then fails on): each builds a complete store aside and renames it into place; a
    // rename onto a store that exists fails, and the loser uses the winner's.
    const temp = path.join(storeDir, `git.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
    try {
      await configure(temp);
      await rename(temp, gitDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== "ENOTEMPTY" && code !== "EEXIST") || !existsSync(path.join(gitDir, "tandem-ready")))
        throw error;
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    await atomicWrite(path.join(storeDir, "workspace"), `${workspace}\n`);
  }

  /** Creates and configures a shadow git dir at `dir`; `tandem-ready` is written last. */
  async function configure(dir: string): Promise<void> {
    // --template= : no sample hooks or other template files.
    await runGit(["init", "--quiet", "--bare", "--template=", dir], {
      bin: options.git,
      // Not paced: a step's preparation may wait on the store being created (early-steps.ts).
      baseEnv: options.gitEnv,
      config: "tandem",
      env: { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
    });
    const configPath = path.join(dir, "config");
    const config = await readFile(configPath, "utf8");
    // A store configured half-way in place (older tandem) may have it already: a key twice breaks later writes.
    if (!config.includes("hooksPath = /dev/null")) await atomicWrite(configPath, `${config}${SHADOW_CONFIG}`);
    await writeExclude(dir, false);
    await exactBytes(dir, dir === gitDir);
    await atomicWrite(path.join(dir, "tandem-ready"), "1\n");
  }

  /**
   * `info/exclude`: never git dirs, never the store itself, and the rules a parent repository sets for the
   * workspace (its `.gitignore` files above the workspace and its info/exclude, outer-ignores.ts), without which a
   * package of a monorepo would have its `node_modules` and `.env` snapshotted.
   */
  async function writeExclude(dir: string, onlyIfChanged: boolean): Promise<void> {
    // A store inside the workspace (TANDEM_HOME under the project) must never snapshot itself.
    const inside = relativeInside(workspace, storeDir);
    const selfExclude = inside ? `/${inside.split(path.sep).join("/")}/\n` : "";
    const outer = outerIgnores(workspace).relative;
    const text = `${SHADOW_EXCLUDE}${selfExclude}${outer ? `${OUTER_HEADER}${outer}\n` : ""}`;
    const file = path.join(dir, "info", "exclude");
    if (onlyIfChanged && (await readFile(file, "utf8").catch(() => "")) === text) return;
    await makeDir(path.join(dir, "info"));
    await atomicWrite(file, text);
  }

  /**
   * Writes SHADOW_ATTRIBUTES. A store made before them holds converted blobs whose stat data the index still
   * trusts, so its index is dropped: the next checkpoint hashes every file again, as raw bytes.
   */
  async function exactBytes(dir: string, dropIndex = true): Promise<void> {
    await makeDir(path.join(dir, "info"));
    await atomicWrite(path.join(dir, "info", "attributes"), SHADOW_ATTRIBUTES);
    // Not for a store being built aside: the index beside it may be a concurrent winner's, built correctly.
    if (dropIndex) await rm(indexFile, { force: true });
    await atomicWrite(path.join(dir, ATTRIBUTES_READY), "1\n");
  }

  return {
    gitDir,
    indexFile,
    workspace,
    pace,
    run,
    async invocation(args) {
      await pace();
      return hostGitInvocation(["-c", "safe.directory=*", ...args], {
        bin: options.git,
        cwd: workspace,
        config: "tandem",
        sanitizedEnv: hostEnv,
        env: { ...baseEnv, GIT_INDEX_FILE: indexFile },
      });
    },
    init() {
      initialized ??= doInit().catch((error: unknown) => {
        initialized = null;
        throw error;
      });
      return initialized;
    },
  };
}

export async function atomicWrite(file: string, data: string): Promise<void> {
  // Random, not the time: two writers in one process (two stores starting together) share pid and millisecond.
  const temp = `${file}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
  await writeFile(temp, data);
  await rename(temp, file);
}
