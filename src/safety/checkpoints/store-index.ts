/**
 * The shadow index of a checkpoint store: brought up to the workspace by `git add -A` (incremental by
 * construction: the index keeps stat data, so only files whose stat changed are rehashed, and `write-tree` reuses
 * the cached tree), or by the first record when there is none (first-record.ts). Knows the tree it holds while
 * nothing else rewrote it, so an unchanged workspace costs one git call.
 */
import { open, rm, stat } from "node:fs/promises";
import { createGitlinkTracker, type GitlinkTracker } from "../host-git/gitlinks.ts";
import { recordFast } from "./fast-record.ts";
import { type FirstRecord, recordFirst } from "./first-record.ts";
import { runGit, splitNul } from "./git.ts";
import type { ProgressHub } from "./progress.ts";
import type { ShadowRepo } from "./shadow-repo.ts";

export interface ShadowIndexOptions {
  repo: ShadowRepo;
  storeDir: string;
  progress: ProgressHub;
  git?: string;
  gitEnv?: NodeJS.ProcessEnv;
  /** See CheckpointStoreOptions. */
  seedFromIndex?: boolean;
  fastRecord?: boolean;
  beforeFirstRecord?: () => Promise<void>;
}

export interface ShadowIndex {
  /** Nested repositories the index holds as gitlinks (never visited by `add`). */
  readonly gitlinks: GitlinkTracker;
  /**
   * Brings the index up to date with the workspace (the first record when it is missing) and returns its tree,
   * how many paths changed, and the tree it held before when that was known.
   */
  stage(
    skip?: string[],
    signal?: AbortSignal,
  ): Promise<{ tree: string; changed: number; previous: string | null }>;
  writeTree(indexFile?: string): Promise<string>;
  /** Identity of the index file on disk ("missing" when there is none: the workspace has no record yet). */
  stamp(): Promise<string>;
  /** How many entries the index holds (its header's count), or null when it cannot be read. */
  entries(): Promise<number | null>;
  /** The index now holds `tree` (just written, or read into it). */
  remember(tree: string): Promise<void>;
  /** The index no longer holds a known tree. */
  forget(): void;
  /** The pathspecs after `add -A -- .`: what the workspace's record leaves out. */
  excludes(skip?: string[]): Promise<string[]>;
}

const MAX_NESTED_EXCLUDES = 20;
const BULK_ADD_TIMEOUT_MS = 15 * 60_000;
/** git's words for an index file it cannot read. */
const damagedIndex =
  /index file smaller than expected|bad signature|bad index|index file corrupt|unknown index entry/;

export const literal = (p: string): string => `:(literal)${p}`;

export function createShadowIndex(options: ShadowIndexOptions): ShadowIndex {
  const { repo } = options;
  const workspace = repo.workspace;
  /** Nested repositories without a commit: git refuses to add them, so they are left out (and named in errors). */
  const nestedExcludes = new Set<string>();
  /**
   * Nested repositories the shadow index holds as gitlinks: `add` must not visit them, or git runs `status` inside
   * each one, with that repository's own config (its filters) on the host.
   */
  const gitlinks = createGitlinkTracker(workspace, async () => {
    const listed = await repo.run(["ls-files", "-z", "--stage"], { okCodes: [0, 128] });
    return listed.code === 0 ? listed.stdout : "";
  });
  /** The tree the shadow index holds, valid while the index file's stamp is unchanged. */
  let state: { tree: string; stamp: string } | null = null;

  /**
   * Stages the whole workspace (non-ignored files) into `indexFile` (default: the shadow index) and returns how many
   * paths changed in the index (`add -v` prints one line per added, modified or removed path).
   */
  async function addAll(
    indexFile?: string,
    bulk = false,
    skip: string[] = [],
    onLine?: (lines: number) => void,
    signal?: AbortSignal,
  ): Promise<number> {
    for (;;) {
      // bulk: core.bigFileThreshold=1 streams every blob into one pack instead of one loose file each, which is
      // several times faster for a first snapshot of thousands of files. Only for big adds: each call makes a pack.
      const args = bulk ? ["-c", "core.bigFileThreshold=1"] : [];
      args.push("add", "-A", "-v", "--ignore-errors", "--", ".", ...(await excludes(skip)));
      // `add -v` prints one line per recorded path as it goes: that is the progress of a first record.
      const onStdout = onLine && ((chunk: string) => onLine(chunk.split("\n").length - 1));
      // A first record of a big workspace on a busy machine can take minutes (it reports progress meanwhile);
      // killed at git's default minute it would leave the session with no checkpoint at all.
      const timeoutMs = bulk ? BULK_ADD_TIMEOUT_MS : undefined;
      const result = await repo.run(args, { indexFile, okCodes: [0, 1, 128], onStdout, timeoutMs, signal });
      const changed = result.stdout
        .split("\n")
        .filter((line) => line.startsWith("add '") || line.startsWith("remove '"));
      await gitlinks.note(changed);
      if (result.code === 0) return changed.length;
      const nested = /error: '(.+)' does not have a commit checked out/.exec(result.stderr);
      if (nested?.[1] && !nestedExcludes.has(nested[1]) && nestedExcludes.size < MAX_NESTED_EXCLUDES) {
        nestedExcludes.add(nested[1]);
        continue;
      }
      // --ignore-errors: unreadable files are skipped (exit 1) and everything else is still recorded.
      if (result.code === 1 && !result.stderr.includes("fatal:")) return changed.length;
      throw new Error(
        `Checkpoint failed: git could not record the workspace ${workspace} (${result.stderr.trim()}). ` +
          "No checkpoint was made; earlier checkpoints are intact.",
      );
    }
  }

  async function excludes(skip: string[] = []): Promise<string[]> {
    const own = [...nestedExcludes, ...skip].map((p) => `:(exclude,literal)${p}`);
    return [...own, ...(await gitlinks.excludes())];
  }

  async function stamp(): Promise<string> {
    try {
      const st = await stat(repo.indexFile, { bigint: true });
      return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    } catch {
      return "missing";
    }
  }

  function firstRecord(skip: string[], signal?: AbortSignal): Promise<FirstRecord> {
    return recordFirst({
      repo,
      storeDir: options.storeDir,
      ...(options.git ? { git: options.git } : {}),
      ...(options.gitEnv ? { gitEnv: options.gitEnv } : {}),
      ...(options.seedFromIndex === false ? { seedFromIndex: false } : {}),
      progress: options.progress,
      ...(signal ? { signal } : {}),
      ...(options.fastRecord === false
        ? {}
        : {
            fast: async (report: { onTotal(count: number): void; onFiles(count: number): void }) =>
              recordFast({
                repo,
                excludes: await excludes(skip),
                ...report,
                ...(signal ? { signal } : {}),
              }),
          }),
      add: (onLines) => addAll(undefined, true, skip, onLines, signal),
    });
  }

  /**
   * Files the user's own repository tracks although they match .gitignore (force-added build outputs, vendored
   * files): `add -A` alone would skip them, so they are added once, on the first checkpoint; tracked files stay
   * tracked afterwards. Reads the user's index only (ls-files never writes it).
   */
  async function seedTrackedIgnored(): Promise<number> {
    const listed = await runGit(["ls-files", "-z", "--cached", "--ignored", "--exclude-standard"], {
      bin: options.git,
      baseEnv: options.gitEnv,
      cwd: workspace,
      okCodes: [0, 128],
      pace: repo.pace,
    });
    if (listed.code !== 0) return 0; // not a git work tree
    const paths = splitNul(listed.stdout);
    for (let i = 0; i < paths.length; i += 500) {
      const chunk = paths.slice(i, i + 500).map(literal);
      await repo.run(["add", "-f", "--ignore-errors", "--", ...chunk], { okCodes: [0, 1, 128] });
    }
    return paths.length;
  }

  const writeTree = async (indexFile?: string) =>
    (await repo.run(["write-tree"], { indexFile })).stdout.trim();

  return {
    gitlinks,
    writeTree,
    stamp,
    excludes,

    async stage(skip = [], signal) {
      const stampBefore = await stamp();
      const previous = state && state.stamp === stampBefore ? state.tree : null;
      let first: FirstRecord | null = null;
      let changed: number;
      try {
        if (stampBefore === "missing") {
          // Read while the index is missing (no gitlinks, no git process reading 100,000 entries after the seed);
          // the record's `add -v` then notes the nested repositories it adds.
          await gitlinks.excludes();
          await options.beforeFirstRecord?.();
          first = await firstRecord(skip, signal);
        }
        changed = first ? first.changed : await addAll(undefined, false, skip);
      } catch (error) {
        // The index is derived state (the workspace re-hashed): a damaged one is rebuilt, not fatal.
        if (first || stampBefore === "missing" || !damagedIndex.test(String(error))) throw error;
        await rm(repo.indexFile, { force: true });
        first = await firstRecord(skip);
        changed = first.changed;
      }
      // Seeded from the whole of the user's index: the tracked files that match .gitignore are in already.
      if (first && !first.wholeIndex) changed += await seedTrackedIgnored();
      const tree = changed === 0 && previous ? previous : await writeTree();
      state = { tree, stamp: await stamp() };
      return { tree, changed, previous };
    },

    async entries() {
      const handle = await open(repo.indexFile, "r").catch(() => null);
      if (!handle) return null;
      try {
        const header = Buffer.alloc(12);
        const { bytesRead } = await handle.read(header, 0, 12, 0);
        return bytesRead === 12 && header.toString("latin1", 0, 4) === "DIRC" ? header.readUInt32BE(8) : null;
      } finally {
        await handle.close();
      }
    },

    async remember(tree) {
      state = { tree, stamp: await stamp() };
    },

    forget() {
      state = null;
    },
  };
}
