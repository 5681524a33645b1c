/**
 * Checkpoints of a workspace in a shadow git repository (see shadow-repo.ts). A checkpoint is a commit on
 * `refs/tandem/checkpoints`; history is linear (each checkpoint's parent is the previous one).
 *
 * Incremental by construction: the shadow index keeps stat data, so `git add -A` only rehashes files whose stat
 * changed, `write-tree` reuses the cached tree, and an unchanged tree creates no commit at all. The first record of
 * a workspace is the slow one: it starts from the user's git index where there is one (index-seed.ts), can run in
 * the background (`warm()`), and reports its progress.
 */
import { copyFile, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { exists } from "../../util/exists.ts";
import { relativeInside } from "../../util/inside.ts";
import { createEarlySteps, type RecoveredStep } from "./early-steps.ts";
import { EMPTY_TREE } from "./git.ts";
import { changedLargerThan } from "./large-files.ts";
import { mixTrees } from "./mixed-tree.ts";
import { createOverlaySteps } from "./overlay-steps.ts";
import { createProgressHub } from "./progress.ts";
import { atomicWrite, createShadowRepo, type ShadowRepoOptions } from "./shadow-repo.ts";
import { createShadowIndex, literal } from "./store-index.ts";
import { CHECKPOINT_REF, createCheckpointLog, parseNameStatus } from "./store-log.ts";
import type {
  Checkpoint,
  CheckpointDiff,
  CheckpointKind,
  CheckpointMeta,
  CheckpointStore,
  CreateOptions,
  RestoreResult,
} from "./types.ts";

export { CHECKPOINT_REF };

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
  /**
   * Whether a command spawned now would run in a sandbox that can put it on an overlay of the workspace
   * (bubblewrap, `workspace-write`): then a command step that comes while the first record is being built need
   * not wait for it (`createOverlaid`, overlay-steps.ts). Default: never (such a step waits for the record).
   */
  canOverlay?: () => boolean;
  /**
   * Entries (files and folders, counted up to this many) the workspace must have for a command step to go on an
   * overlay during the first record; a smaller workspace is recorded about as fast as a command starts, and the
   * command waits for it. Default 5,000; 0: any workspace.
   */
  overlayMinEntries?: number;
  /**
   * Told of each step of an ended session whose checkpoint was made late (`recoverSteps()`, `warm()`), so it can be
   * journalled for undo (`recoveredStepEntries`). Default: nobody (the checkpoints exist; `tandem checkpoints`
   * lists them).
   */
  onRecoveredStep?: (step: RecoveredStep) => Promise<unknown>;
}

export function createCheckpointStore(options: CheckpointStoreOptions): CheckpointStore {
  const repo = createShadowRepo(options);
  const workspace = repo.workspace;
  /** The checkpoint the last restore went to (JSON {seq, tree}); lets repeated undo walk back. */
  const positionFile = path.join(repo.gitDir, "tandem-position");
  const log = createCheckpointLog(repo);
  /** Progress of a first record, for every caller waiting on it. */
  const progress = createProgressHub();
  const index = createShadowIndex({
    repo,
    storeDir: options.storeDir,
    progress,
    ...(options.git ? { git: options.git } : {}),
    ...(options.gitEnv ? { gitEnv: options.gitEnv } : {}),
    ...(options.seedFromIndex === false ? { seedFromIndex: false } : {}),
    ...(options.fastRecord === false ? { fastRecord: false } : {}),
    ...(options.beforeFirstRecord ? { beforeFirstRecord: options.beforeFirstRecord } : {}),
  });
  let queue: Promise<unknown> = Promise.resolve();

  /** One operation at a time: they share the shadow index. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const result = queue.then(fn, fn);
    queue = result.catch(() => undefined);
    return result;
  }

  async function snapshot(
    label: string,
    kind: CheckpointKind,
    meta: CheckpointMeta,
    skipLargerThan?: number,
  ): Promise<Checkpoint> {
    const parent = await log.ready();
    const skip = skipLargerThan !== undefined && parent ? await changedLargerThan(repo, skipLargerThan) : [];
    const { tree, changed, previous } = await index.stage(skip);
    if (parent && parent.tree === tree) return parent;
    // The first checkpoint changed every file: the index header's entry count, not a diff of the whole tree
    // (also when the index's tree is known: the record `warm()` made is not a checkpoint).
    const known = !parent
      ? await index.entries().then((count) => (count === null ? undefined : { from: EMPTY_TREE, count }))
      : previous
        ? { from: previous, count: changed }
        : undefined;
    return log.commit(tree, label, kind, meta, undefined, known);
  }

  async function restoreTo(target: Checkpoint, undoPoint: Checkpoint): Promise<RestoreResult> {
    const files = await log.changes(undoPoint.tree, target.tree);
    // The shadow index equals the workspace (undoPoint was just recorded), so this two-way switch rewrites only the
    // files that differ and deletes the ones target lacks (git also removes directories left empty).
    index.forget();
    await repo.run(["read-tree", "-u", "--reset", target.tree]);
    if (target.paths?.length) {
      // Force-added ignored paths are back on disk; untrack them again so later checkpoints stay small.
      await repo.run(["rm", "-r", "--cached", "-q", "--ignore-unmatch", "--", ...target.paths.map(literal)]);
    } else {
      await index.remember(target.tree);
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

  const stage = async () => {
    await log.ready();
    await index.stage();
  };
  async function commitIndex(label: string, meta: CheckpointMeta): Promise<Checkpoint> {
    const tree = await index.writeTree();
    await index.remember(tree);
    if (log.head && log.head.tree === tree) return log.head;
    return log.commit(tree, label, "step", meta);
  }
  /** Steps that go ahead of the first record: file steps (early-steps.ts), command steps (overlay-steps.ts). */
  const early = createEarlySteps({
    repo,
    serial,
    stage,
    commitIndex,
    create,
  });
  const overlays = createOverlaySteps({
    workspace,
    storeDir: options.storeDir,
    serial,
    stage,
    commitIndex,
    canOverlay: options.canOverlay ?? (() => false),
    ...(options.overlayMinEntries !== undefined ? { overlayMinEntries: options.overlayMinEntries } : {}),
  });
  /** In the queue: the checkpoints an ended session's early steps never got (early-steps.ts `recover`). */
  async function recoverEarly(): Promise<number> {
    const steps = await early.recover();
    for (const step of steps) {
      notes.push(
        `the checkpoint of \`${step.label}\` (a step of a session that ended before making it) was made now (checkpoint ${step.before.seq}); \`tandem undo\` can undo that step`,
      );
      await options.onRecoveredStep?.(step).catch(() => undefined);
    }
    return steps.length;
  }
  /** Notes for the user since the last `takeNotes()`: merges of crashed sessions' commands, inexact merges. */
  const notes: string[] = [];

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
    // A command step's changes not merged yet are not in the workspace: no file step may go ahead of them.
    createBefore: (label, meta, writes, createOptions = {}) =>
      overlays.pending > 0
        ? Promise.resolve({ early: false, covered: false, checkpoint: create(label, meta, createOptions) })
        : early.createBefore(label, meta, writes, createOptions),
    createOverlaid: overlays.createOverlaid,
    claimOverlay: overlays.claim,
    overlaysMerged: overlays.merged,
    stepPending: async () => (await early.stepPending()) || (await overlays.stepPending()),
    takeNotes: () => [...notes.splice(0), ...overlays.takeNotes()],

    warm(warmOptions = {}) {
      // A step that went ahead of the record has a checkpoint only once the record is done: the session's end
      // then lets the record finish (and waits for it) instead of stopping it.
      const stopping = new AbortController();
      const stop = () => {
        if (early.pending === 0 && overlays.pending === 0) stopping.abort();
      };
      warmOptions.signal?.addEventListener("abort", stop, { once: true });
      const signal = stopping.signal;
      // From now until the store is found to hold the workspace, a command step may go on an overlay.
      const probed = overlays.recording(true);
      const recorded = serial(async () => {
        try {
          if (warmOptions.signal?.aborted && early.pending === 0) return;
          await log.ready();
          // What a session that ended too early left in the store is the workspace's before anything is recorded.
          await recoverEarly();
          notes.push(...(await overlays.recover()));
          if ((await index.stamp()) === "missing") await index.stage([], signal);
        } finally {
          void overlays.recording(false);
          await probed;
        }
      }).finally(() => warmOptions.signal?.removeEventListener("abort", stop));
      // The next early step's `check-ignore`, started ahead (spare-git.ts); ended with the session.
      if (warmOptions.signal?.aborted) early.stop();
      else warmOptions.signal?.addEventListener("abort", () => early.stop(), { once: true });
      void recorded.then(
        () => early.prestart(),
        () => undefined,
      );
      return recorded.finally(async () => {
        await early.settled();
        await overlays.merged();
      });
    },

    recoverSteps: () =>
      serial(async () => {
        // Nothing left (the usual case): the store is not even opened (`tandem undo` in a workspace without one).
        if (!(await early.anyLeft())) return 0;
        await log.ready();
        return recoverEarly();
      }),

    list(listOptions = {}) {
      return serial(async () => {
        await log.ready();
        return log.read(listOptions.limit);
      });
    },

    diff(ref, diffOptions = {}) {
      return serial(async () => {
        const { checkpoint, parent } = await log.resolve(ref);
        const flags = ["--no-color", "--no-ext-diff", "--no-textconv", "--no-renames"];
        let range: string[];
        let from: Checkpoint | null;
        let to: Checkpoint | null;
        if (diffOptions.to !== undefined) {
          to = (await log.resolve(diffOptions.to)).checkpoint;
          range = [checkpoint.tree, to.tree];
          from = checkpoint;
        } else if (diffOptions.against === "parent") {
          range = [parent?.tree ?? EMPTY_TREE, checkpoint.tree];
          from = parent;
          to = checkpoint;
        } else {
          await index.stage();
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
        const { checkpoint } = await log.resolve(ref);
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
        const parent = await log.ready();
        const { tree } = await index.stage();
        // After a restore, the workspace sits at the restored checkpoint: keep walking back from there, or a
        // second undo would pick the newer checkpoint the first one left (a redo).
        const position = await readPosition();
        const below = position && position.tree === tree ? position.seq : Number.POSITIVE_INFINITY;
        const target = (await log.read()).find(
          (c) => c.seq < below && c.kind !== "restore" && c.tree !== tree,
        );
        if (!target) return null;
        const current =
          parent && parent.tree === tree ? parent : await log.commit(tree, "before undo", "restore", {});
        return restoreTo(target, current);
      });
    },

    snapshotPaths(paths, label, meta = {}) {
      return serial(async () => {
        await log.ready();
        const relative: string[] = [];
        for (const p of paths) {
          const rel = toRelative(p);
          if (await exists(path.join(workspace, rel))) relative.push(rel);
        }
        const { tree: baseTree } = await index.stage();
        if (relative.length === 0) return log.commit(baseTree, label, "step", meta);
        // A temporary copy of the index: force-adding to the shadow index itself would track the ignored paths in
        // every later checkpoint.
        const tempIndex = `${repo.indexFile}.paths-${process.pid}`;
        await copyFile(repo.indexFile, tempIndex);
        let tree: string;
        try {
          const bulk = ["-c", "core.bigFileThreshold=1"];
          const excludes = await index.gitlinks.excludes();
          await repo.run([...bulk, "add", "-f", "-A", "--", ...relative.map(literal), ...excludes], {
            indexFile: tempIndex,
          });
          tree = await index.writeTree(tempIndex);
        } finally {
          await rm(tempIndex, { force: true });
        }
        if (tree === baseTree) return log.commit(baseTree, label, "step", meta);
        if (log.head && log.head.tree === tree) return log.head;
        return log.commit(tree, label, "paths", meta, relative);
      });
    },
  };
}
