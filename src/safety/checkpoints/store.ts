/**
 * Checkpoints of a workspace in a shadow git repository (see shadow-repo.ts). A checkpoint is a commit on
 * `refs/tandem/checkpoints`; history is linear (each checkpoint's parent is the previous one).
 *
 * Incremental by construction: the shadow index keeps stat data, so `git add -A` only rehashes files whose stat
 * changed, `write-tree` reuses the cached tree, and an unchanged tree creates no commit at all. The first record of
 * a workspace is the slow one: it starts from the user's git index where there is one (index-seed.ts), can run in
 * the background (`warm()`), and reports its progress.
 */
import { copyFile, open, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { exists } from "../../util/exists.ts";
import { relativeInside } from "../../util/inside.ts";
import { createGitlinkTracker } from "../host-git/gitlinks.ts";
import { createEarlySteps } from "./early-steps.ts";
import { recordFast } from "./fast-record.ts";
import { StoreDamagedError, UnknownCheckpointError } from "./faults.ts";
import { type FirstRecord, recordFirst } from "./first-record.ts";
import { EMPTY_TREE, GitError, runGit, splitNul } from "./git.ts";
import { changedLargerThan } from "./large-files.ts";
import { decodeCommit, encodeMessage } from "./message.ts";
import { mixTrees } from "./mixed-tree.ts";
import { updateRef, writeCommit } from "./objects.ts";
import { createProgressHub } from "./progress.ts";
import { atomicWrite, createShadowRepo, type ShadowRepoOptions } from "./shadow-repo.ts";
import type {
  Checkpoint,
  CheckpointDiff,
  CheckpointKind,
  CheckpointMeta,
  CheckpointRef,
  CheckpointStore,
  CreateOptions,
  FileChange,
  RestoreResult,
} from "./types.ts";

export interface CheckpointStoreOptions extends ShadowRepoOptions {
  /** The directory to checkpoint (absolute, or relative to the process cwd). */
  workspace: string;
  /** Where the shadow repository lives, e.g. `checkpointStoreDir(TANDEM_HOME, workspace)`. Created on first use. */
  storeDir: string;
  /** git executable. Default "git" from PATH. */
  git?: string;
  /**
   * Start the first record from the user's git index where the workspace is in a repository (index-seed.ts).
   * Default true; false hashes every file (the benchmark's "before").
   */
  seedFromIndex?: boolean;
  /**
   * Record a workspace with no seed by reading its files and streaming them into `git fast-import`
   * (fast-record.ts) instead of `git add`. Default true; false is the benchmark's "before".
   */
  fastRecord?: boolean;
  /**
   * Awaited before a first record starts (a test holds the record there, to play a step that comes before it is
   * done). Default: none.
   */
  beforeFirstRecord?: () => Promise<void>;
}

export const CHECKPOINT_REF = "refs/tandem/checkpoints";
const MAX_NESTED_EXCLUDES = 20;
const BULK_ADD_TIMEOUT_MS = 15 * 60_000;
/** git's words for an index file it cannot read. */
const damagedIndex =
  /index file smaller than expected|bad signature|bad index|index file corrupt|unknown index entry/;

const literal = (p: string): string => `:(literal)${p}`;

export function createCheckpointStore(options: CheckpointStoreOptions): CheckpointStore {
  const repo = createShadowRepo(options);
  const workspace = repo.workspace;
  /** The checkpoint the last restore went to (JSON {seq, tree}); lets repeated undo walk back. */
  const positionFile = path.join(repo.gitDir, "tandem-position");
  /** Newest checkpoint; undefined until read from the ref. */
  let head: Checkpoint | null | undefined;
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
  let queue: Promise<unknown> = Promise.resolve();
  /** The tree the shadow index holds, valid while the index file's stamp is unchanged. */
  let indexState: { tree: string; stamp: string } | null = null;
  /** Progress of a first record, for every caller waiting on it. */
  const progress = createProgressHub();

  /** One operation at a time: they share the shadow index. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const result = queue.then(fn, fn);
    queue = result.catch(() => undefined);
    return result;
  }

  async function ready(): Promise<Checkpoint | null> {
    await repo.init();
    if (head === undefined) head = (await readLog(1))[0] ?? null;
    return head;
  }

  async function readLog(limit?: number, start = CHECKPOINT_REF): Promise<Checkpoint[]> {
    const args = ["log", "--format=%x1e%H%x1f%T%x1f%B"];
    if (limit !== undefined) args.push(`-n${limit}`);
    args.push(start, "--");
    const result = await repo.run(args, { okCodes: [0, 128] });
    if (result.code === 128) {
      // A ref that is not a commit id: reading on as "no checkpoints" would fail every later update.
      if (/ignoring broken ref/.test(result.stderr))
        throw new StoreDamagedError(`${CHECKPOINT_REF} is broken`);
      if (/unknown revision|ambiguous argument|bad revision/.test(result.stderr)) return [];
      throw new GitError(args, 128, result.stderr);
    }
    const checkpoints: Checkpoint[] = [];
    for (const entry of result.stdout.split("\x1e")) {
      const [id, tree, body] = entry.split("\x1f");
      if (!id || !tree || body === undefined) continue;
      const checkpoint = decodeCommit(id.trim(), tree, body);
      if (checkpoint) checkpoints.push(checkpoint);
    }
    return checkpoints;
  }

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
      args.push("add", "-A", "-v", "--ignore-errors", "--", ".", ...(await addExcludes(skip)));
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

  /** The pathspecs after `add -A -- .`: what the workspace's record leaves out. */
  async function addExcludes(skip: string[]): Promise<string[]> {
    const own = [...nestedExcludes, ...skip].map((p) => `:(exclude,literal)${p}`);
    return [...own, ...(await gitlinks.excludes())];
  }

  /** How many entries the shadow index holds (its header's count), or null when it cannot be read. */
  async function indexEntries(): Promise<number | null> {
    const handle = await open(repo.indexFile, "r").catch(() => null);
    if (!handle) return null;
    try {
      const header = Buffer.alloc(12);
      const { bytesRead } = await handle.read(header, 0, 12, 0);
      return bytesRead === 12 && header.toString("latin1", 0, 4) === "DIRC" ? header.readUInt32BE(8) : null;
    } finally {
      await handle.close();
    }
  }

  /** Identity of the index file on disk, to notice when something other than this store rewrote it. */
  async function indexStamp(): Promise<string> {
    try {
      const st = await stat(repo.indexFile, { bigint: true });
      return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    } catch {
      return "missing";
    }
  }

  /**
   * Brings the shadow index up to date with the workspace and returns its tree. When `add` changed nothing and the
   * index is the one this store last wrote, the tree is already known: one git call for an unchanged workspace.
   */
  async function stage(
    skip: string[] = [],
    signal?: AbortSignal,
  ): Promise<{ tree: string; changed: number; previous: string | null }> {
    const stampBefore = await indexStamp();
    const previous = indexState && indexState.stamp === stampBefore ? indexState.tree : null;
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
    indexState = { tree, stamp: await indexStamp() };
    return { tree, changed, previous };
  }

  function firstRecord(skip: string[], signal?: AbortSignal): Promise<FirstRecord> {
    return recordFirst({
      repo,
      storeDir: options.storeDir,
      ...(options.git ? { git: options.git } : {}),
      ...(options.gitEnv ? { gitEnv: options.gitEnv } : {}),
      ...(options.seedFromIndex === false ? { seedFromIndex: false } : {}),
      progress,
      ...(signal ? { signal } : {}),
      ...(options.fastRecord === false
        ? {}
        : {
            fast: async (report: { onTotal(count: number): void; onFiles(count: number): void }) =>
              recordFast({
                repo,
                excludes: await addExcludes(skip),
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
    });
    if (listed.code !== 0) return 0; // not a git work tree
    const paths = splitNul(listed.stdout);
    for (let i = 0; i < paths.length; i += 500) {
      const chunk = paths.slice(i, i + 500).map(literal);
      await repo.run(["add", "-f", "--ignore-errors", "--", ...chunk], { okCodes: [0, 1, 128] });
    }
    return paths.length;
  }

  async function writeTree(indexFile?: string): Promise<string> {
    return (await repo.run(["write-tree"], { indexFile })).stdout.trim();
  }

  async function changes(fromTree: string, toTree: string): Promise<FileChange[]> {
    const { stdout } = await repo.run([
      "diff-tree",
      "-r",
      "-z",
      "--no-renames",
      "--name-status",
      fromTree,
      toTree,
    ]);
    return parseNameStatus(stdout);
  }

  /** Commits `tree` on top of the head; retries when another process moved the ref meanwhile. */
  async function commit(
    tree: string,
    label: string,
    kind: CheckpointKind,
    meta: CheckpointMeta,
    paths?: string[],
    knownChanges?: { from: string; count: number },
  ): Promise<Checkpoint> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const parent = head ?? null;
      if (parent && parent.tree === tree && kind !== "paths") return parent;
      const fromTree = parent?.tree ?? EMPTY_TREE;
      const filesChanged =
        knownChanges?.from === fromTree ? knownChanges.count : (await changes(fromTree, tree)).length;
      const record = { seq: (parent?.seq ?? 0) + 1, kind, time: Date.now(), filesChanged, meta, paths };
      const message = encodeMessage(label, record);
      const time = Math.floor(record.time / 1000);
      const id = await writeCommit(repo.gitDir, { tree, parent: parent?.id ?? null, message, time });
      if (!(await updateRef(repo.gitDir, CHECKPOINT_REF, id, parent?.id ?? null))) {
        head = (await readLog(1))[0] ?? null;
        continue;
      }
      head = decodeCommit(id, tree, message);
      if (!head) throw new Error("Checkpoint commit could not be read back (bug).");
      return head;
    }
    throw new Error(`Checkpoint failed: ${CHECKPOINT_REF} kept moving (another tandem process?). Try again.`);
  }

  async function snapshot(
    label: string,
    kind: CheckpointKind,
    meta: CheckpointMeta,
    skipLargerThan?: number,
  ): Promise<Checkpoint> {
    const parent = await ready();
    const skip = skipLargerThan !== undefined && parent ? await changedLargerThan(repo, skipLargerThan) : [];
    const { tree, changed, previous } = await stage(skip);
    if (parent && parent.tree === tree) return parent;
    // The first checkpoint changed every file: the index header's entry count, not a diff of the whole tree.
    const known = previous
      ? { from: previous, count: changed }
      : parent
        ? undefined
        : await indexEntries().then((count) => (count === null ? undefined : { from: EMPTY_TREE, count }));
    return commit(tree, label, kind, meta, undefined, known);
  }

  async function resolve(ref: CheckpointRef): Promise<{ checkpoint: Checkpoint; parent: Checkpoint | null }> {
    await ready();
    // Read the ref again: another store on the same directory (the session's gate while the UI's /diff runs, or
    // another process) may have added checkpoints since, and #N is counted back from the current newest.
    head = (await readLog(1))[0] ?? null;
    const newest = head;
    // History is linear and each seq is its parent's plus one, so #N is exactly (head.seq - N) commits back.
    let start: string | null = null;
    if (typeof ref === "number") {
      if (newest && Number.isInteger(ref) && ref >= 1 && ref <= newest.seq)
        // Counted from the newest commit's id, not the ref, which another store may move meanwhile.
        start = `${newest.id}~${newest.seq - ref}`;
    } else if (/^[0-9a-f]{4,40}$/i.test(ref)) {
      const found = await repo.run(["rev-parse", "-q", "--verify", `${ref.toLowerCase()}^{commit}`], {
        okCodes: [0, 1, 128],
      });
      if (found.code === 0) start = found.stdout.trim();
    }
    const [checkpoint, parent] = start ? await readLog(2, start) : [];
    const matches =
      checkpoint &&
      (typeof ref === "number" ? checkpoint.seq === ref : checkpoint.id.startsWith(ref.toLowerCase()));
    if (!checkpoint || !matches) {
      const range = newest ? `#1..#${newest.seq}` : "none yet";
      throw new UnknownCheckpointError(
        `No checkpoint ${typeof ref === "number" ? `#${ref}` : ref} (known: ${range}). Nothing was changed.`,
      );
    }
    return { checkpoint, parent: parent ?? null };
  }

  async function restoreTo(target: Checkpoint, undoPoint: Checkpoint): Promise<RestoreResult> {
    const files = await changes(undoPoint.tree, target.tree);
    // The shadow index equals the workspace (undoPoint was just recorded), so this two-way switch rewrites only the
    // files that differ and deletes the ones target lacks (git also removes directories left empty).
    indexState = null;
    await repo.run(["read-tree", "-u", "--reset", target.tree]);
    if (target.paths?.length) {
      // Force-added ignored paths are back on disk; untrack them again so later checkpoints stay small.
      await repo.run(["rm", "-r", "--cached", "-q", "--ignore-unmatch", "--", ...target.paths.map(literal)]);
    } else {
      indexState = { tree: target.tree, stamp: await indexStamp() };
    }
    await atomicWrite(positionFile, JSON.stringify({ seq: target.seq, tree: target.tree }));
    return { restored: target, undoPoint, files };
  }

  async function readPosition(): Promise<{ seq: number; tree: string } | null> {
    try {
      const data: unknown = JSON.parse(await readFile(positionFile, "utf8"));
      if (typeof data !== "object" || data === null) return null;
      const { seq, tree } = data as { seq?: unknown; tree?: unknown };
      return typeof seq === "number" && typeof tree === "string" ? { seq, tree } : null;
    } catch {
      return null;
    }
  }

  function create(label: string, meta: CheckpointMeta = {}, createOptions: CreateOptions = {}) {
    const stop = createOptions.onProgress ? progress.listen(createOptions.onProgress) : undefined;
    return serial(() => snapshot(label, "step", meta, createOptions.skipLargerThan)).finally(() => stop?.());
  }

  /** Steps that go ahead of the first record (early-steps.ts). */
  const early = createEarlySteps({
    repo,
    unrecorded: async () => (await indexStamp()) === "missing",
    serial,
    stage: async () => {
      await ready();
      await stage();
    },
    async commitIndex(label, meta) {
      const tree = await writeTree();
      indexState = { tree, stamp: await indexStamp() };
      if (head && head.tree === tree) return head;
      return commit(tree, label, "step", meta);
    },
    create,
  });

  function toRelative(p: string): string {
    const absolute = path.resolve(workspace, p);
    const relative = relativeInside(workspace, absolute);
    if (!relative) {
      throw new Error(`snapshotPaths: ${p} is not inside the workspace ${workspace}; nothing was recorded.`);
    }
    return relative.split(path.sep).join("/");
  }

  return {
    storeDir: path.resolve(options.storeDir),
    workspace,

    create,
    createBefore: early.createBefore,
    stepPending: early.stepPending,

    warm(warmOptions = {}) {
      // A step that went ahead of the record has a checkpoint only once the record is done: the session's end
      // then lets the record finish (and waits for it) instead of stopping it.
      const stopping = new AbortController();
      const stop = () => {
        if (early.pending === 0) stopping.abort();
      };
      warmOptions.signal?.addEventListener("abort", stop, { once: true });
      const signal = stopping.signal;
      const recorded = serial(async () => {
        if (warmOptions.signal?.aborted && early.pending === 0) return;
        await ready();
        if ((await indexStamp()) === "missing") await stage([], signal);
      }).finally(() => warmOptions.signal?.removeEventListener("abort", stop));
      return recorded.finally(() => early.settled());
    },

    list(listOptions = {}) {
      return serial(async () => {
        await ready();
        return readLog(listOptions.limit);
      });
    },

    diff(ref, diffOptions = {}) {
      return serial(async () => {
        const { checkpoint, parent } = await resolve(ref);
        const flags = ["--no-color", "--no-ext-diff", "--no-textconv", "--no-renames"];
        let range: string[];
        let from: Checkpoint | null;
        let to: Checkpoint | null;
        if (diffOptions.to !== undefined) {
          to = (await resolve(diffOptions.to)).checkpoint;
          range = [checkpoint.tree, to.tree];
          from = checkpoint;
        } else if (diffOptions.against === "parent") {
          range = [parent?.tree ?? EMPTY_TREE, checkpoint.tree];
          from = parent;
          to = checkpoint;
        } else {
          await stage();
          range = ["--cached", checkpoint.id];
          from = checkpoint;
          to = null;
        }
        const patch = diffOptions.namesOnly
          ? ""
          : (await repo.run(["diff", ...flags, ...range, "--"])).stdout;
        const names = (await repo.run(["diff", ...flags, "-z", "--name-status", ...range, "--"])).stdout;
        return { from, to, files: parseNameStatus(names), patch } satisfies CheckpointDiff;
      });
    },

    restore(ref, restoreOptions = {}) {
      return serial(async () => {
        const { checkpoint } = await resolve(ref);
        const undoPoint = await snapshot(`before restore to #${checkpoint.seq}`, "restore", {
          restoreTo: checkpoint.seq,
        });
        const only = restoreOptions.paths;
        if (only === undefined) return restoreTo(checkpoint, undoPoint);
        const tree = await mixTrees(repo, undoPoint.tree, checkpoint.tree, only);
        return restoreTo({ ...checkpoint, tree }, undoPoint);
      });
    },

    undo() {
      return serial(async () => {
        const parent = await ready();
        const { tree } = await stage();
        // After a restore, the workspace sits at the restored checkpoint: keep walking back from there, or a
        // second undo would pick the newer checkpoint the first one left (a redo).
        const position = await readPosition();
        const below = position && position.tree === tree ? position.seq : Number.POSITIVE_INFINITY;
        const target = (await readLog()).find(
          (c) => c.seq < below && c.kind !== "restore" && c.tree !== tree,
        );
        if (!target) return null;
        const current =
          parent && parent.tree === tree ? parent : await commit(tree, "before undo", "restore", {});
        return restoreTo(target, current);
      });
    },

    snapshotPaths(paths, label, meta = {}) {
      return serial(async () => {
        await ready();
        const relative: string[] = [];
        for (const p of paths) {
          const rel = toRelative(p);
          if (await exists(path.join(workspace, rel))) relative.push(rel);
        }
        const { tree: baseTree } = await stage();
        if (relative.length === 0) return commit(baseTree, label, "step", meta);
        // A temporary copy of the index: force-adding to the shadow index itself would track the ignored paths in
        // every later checkpoint.
        const tempIndex = `${repo.indexFile}.paths-${process.pid}`;
        await copyFile(repo.indexFile, tempIndex);
        let tree: string;
        try {
          const bulk = ["-c", "core.bigFileThreshold=1"];
          const excludes = await gitlinks.excludes();
          await repo.run([...bulk, "add", "-f", "-A", "--", ...relative.map(literal), ...excludes], {
            indexFile: tempIndex,
          });
          tree = await writeTree(tempIndex);
        } finally {
          await rm(tempIndex, { force: true });
        }
        if (tree === baseTree) return commit(baseTree, label, "step", meta);
        if (head && head.tree === tree) return head;
        return commit(tree, label, "paths", meta, relative);
      });
    },
  };
}

function parseNameStatus(output: string): FileChange[] {
  const fields = splitNul(output);
  const files: FileChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]?.[0];
    const file = fields[i + 1];
    if (file && (status === "A" || status === "M" || status === "D" || status === "T"))
      files.push({ status, path: file });
  }
  return files;
}
