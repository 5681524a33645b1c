/** Public types of the checkpoint store. Everything here is JSON-serializable. */
import type { OverlayRun } from "../../sandbox/index.ts";

/** Free-form data attached to a checkpoint by the caller (session id, turn, tool call id...). */
export type CheckpointMeta = Record<string, string | number | boolean | null>;

/**
 * Why a checkpoint exists.
 * - "step": taken by the caller (normally before each tool call that may change files). `undo()` goes back to these.
 * - "restore": taken automatically just before `restore()`/`undo()`, so the restore itself can be undone.
 * - "paths": a "step" checkpoint that also holds ignored paths added on demand by `snapshotPaths()`.
 */
export type CheckpointKind = "step" | "restore" | "paths";

export interface Checkpoint {
  /** 1-based sequence number, increasing over the store's life. The handle users type ("restore 3"). */
  seq: number;
  /** Full commit id in the shadow repository. */
  id: string;
  /** First 10 hex digits of `id`. */
  shortId: string;
  /** Tree id: equal trees mean identical workspace contents. */
  tree: string;
  label: string;
  /** Creation time, ms since the epoch. */
  time: number;
  kind: CheckpointKind;
  /** Files added, modified or deleted compared with the previous checkpoint (all files for the first one). */
  filesChanged: number;
  meta: CheckpointMeta;
  /** For kind "paths": the ignored paths (workspace-relative) force-added to this checkpoint. */
  paths?: string[];
}

/** One changed path, with git's status letter: A added, M modified, D deleted, T type changed. */
export interface FileChange {
  status: "A" | "M" | "D" | "T";
  path: string;
}

/** A checkpoint reference: its sequence number, or a (prefix of a) commit id. */
export type CheckpointRef = number | string;

/** How far the first record of a workspace got (the one that reads every file; later ones read changed files). */
export interface CheckpointProgress {
  /** Files recorded so far. */
  done: number;
  /** Files to record in all, once known (a count runs alongside). */
  total?: number;
}

export interface CreateOptions {
  /**
   * Leave out changed or new files larger than this many bytes (they keep their previous version in this
   * checkpoint and are recorded by the next one without the limit). Default: no limit.
   */
  skipLargerThan?: number;
  /**
   * Told how far the workspace's first record got while this call waits for it (its own, or the background one
   * `warm()` started). Not called when the store already holds the workspace.
   */
  onProgress?: (progress: CheckpointProgress) => void;
}

export interface CreateBeforeOptions extends CreateOptions {
  /**
   * Settles when the step has finished writing. An early checkpoint is put together only then, so a temporary
   * file the step writes and renames into place is gone from what the record saw. Default: at once.
   */
  stepDone?: Promise<unknown>;
  /**
   * Called with an early checkpoint once it is made; `checkpoint` and `warm()` settle after it (the gate journals
   * the step here, so a closed session has written it). Its failure is ignored. Default: none.
   */
  afterCheckpoint?: (checkpoint: Checkpoint) => Promise<unknown>;
}

export interface EarlyCheckpoint {
  /** True when the step went ahead of the workspace's first record (its files were saved as they are). */
  early: boolean;
  /** The checkpoint of the state before the step; when `early`, it settles once the first record is done. */
  checkpoint: Promise<Checkpoint>;
  /**
   * When `early`: every file the step writes is one the checkpoint records (none is ignored, inside a `.git`
   * directory or outside the workspace), so nothing else needs backing up for the step. Otherwise false.
   */
  covered: boolean;
}

export interface DiffOptions {
  /** "workspace" (default): from the checkpoint to the current files; "parent": from its parent to it. */
  against?: "workspace" | "parent";
  /** From the checkpoint to this other checkpoint (overrides `against`). */
  to?: CheckpointRef;
  /** Only the file list: `patch` is left empty (cheaper). Default false. */
  namesOnly?: boolean;
}

export interface CheckpointDiff {
  /** Checkpoint the diff starts from ("a/" side). */
  from: Checkpoint | null;
  /** Checkpoint the diff ends at ("b/" side), or null when it is the current workspace. */
  to: Checkpoint | null;
  files: FileChange[];
  /** Unified diff (git format, no color). Binary files show as "Binary files differ". */
  patch: string;
}

export interface RestoreResult {
  /** The checkpoint the workspace now matches. */
  restored: Checkpoint;
  /** Checkpoint of the state just before the restore; `restore(undoPoint.seq)` reverts the restore. */
  undoPoint: Checkpoint;
  /** What the restore changed in the workspace, relative to the state before it. */
  files: FileChange[];
}

export interface CheckpointStore {
  /** Records the workspace (non-ignored files); returns the previous checkpoint when nothing changed. */
  create(label: string, meta?: CheckpointMeta, options?: CreateOptions): Promise<Checkpoint>;
  /**
   * create() for a step that declares every file it will write (`writes`: absolute, or workspace-relative). It
   * waits neither for the workspace's first record (still to be built or being built) nor for a record of the
   * workspace: it saves those files as they are now (bytes and mode, or that they do not exist) and returns
   * `early`; `checkpoint` then settles once the step is done and the workspace recorded, with the record and
   * those files as saved: the workspace before the step. When another early step's checkpoint is still pending,
   * or a write cannot be saved so (a directory, a file over 32 MiB, a path in a nested repository),
   * `checkpoint` is create()'s own.
   */
  createBefore(
    label: string,
    meta: CheckpointMeta,
    writes: readonly string[],
    options?: CreateBeforeOptions,
  ): Promise<EarlyCheckpoint>;
  /**
   * For a command step (its writes unknown) that comes while the workspace's first record is being built: when
   * its command can run on an overlay of the workspace (overlay-steps.ts), decides so and returns `early`, and
   * whoever spawns the command takes the overlay with `claimOverlay(callId)`. `checkpoint` settles once the record
   * is done and the step has ended (`stepDone`): the workspace before the step; its changes are then merged into
   * the workspace. Undefined when the step must wait for the record as usual (`create()`), or when its command
   * was already spawned. Synchronous, so it is decided before the command is spawned.
   */
  createOverlaid?(
    callId: string,
    label: string,
    meta: CheckpointMeta,
    options: CreateBeforeOptions,
  ): EarlyCheckpoint | undefined;
  /**
   * The overlay `createOverlaid` chose for `callId`'s command, for the one who spawns it (`PrepareOptions.overlay`
   * of the sandbox); undefined (and from then on for the gate too) when none was chosen. Taken once.
   */
  claimOverlay?(callId: string): OverlayRun | undefined;
  /** Settles once every overlaid step's changes are in the workspace; undefined when none is waiting. */
  overlaysMerged?(): Promise<void> | undefined;
  /** What the store has to tell the user since the last call (a crashed session's command merged now). */
  takeNotes?(): string[];
  /**
   * True while a step that went ahead of its checkpoint (createBefore, createOverlaid) has no checkpoint yet, in
   * this process or in another live one: the undo journal does not hold that step yet.
   */
  stepPending(): Promise<boolean>;
  /**
   * Builds the store's record of the workspace (objects and index, no checkpoint) when it has none, so the first
   * `create()` only records what changed since. Start it in the background when a session starts; a `create()`
   * called meanwhile waits for it (and hears its progress). Cheap when the store already holds the workspace.
   * Aborting `signal` stops its git processes (it then rejects; the next checkpoint records from scratch),
   * unless a step went ahead of the record (createBefore): then the record goes on. Settles once those steps'
   * checkpoints are made too.
   */
  warm(options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Makes the checkpoints of the steps that went ahead of theirs in a session that has ended before making them
   * (early-steps.ts; `warm()` does it first too), and tells `onRecoveredStep` of each. Returns how many.
   */
  recoverSteps(): Promise<number>;
  /** Checkpoints newest first. `limit` default: all. */
  list(options?: { limit?: number }): Promise<Checkpoint[]>;
  /**
   * Unified diff from checkpoint `ref` to the current workspace (`against: "workspace"`, the default), or from the
   * checkpoint's parent to it (`against: "parent"`: what changed up to that checkpoint).
   */
  diff(ref: CheckpointRef, options?: DiffOptions): Promise<CheckpointDiff>;
  /**
   * Makes the workspace's non-ignored files match checkpoint `ref` exactly; checkpoints the current state first.
   * With `paths`, only those (workspace-relative, as git lists them) are restored; every other file stays as is.
   */
  restore(ref: CheckpointRef, options?: { paths?: string[] }): Promise<RestoreResult>;
  /**
   * Restores the newest "step"/"paths" checkpoint whose contents differ from the current workspace: the state before
   * the last step that changed something. Returns null when there is nothing to undo.
   */
  undo(): Promise<RestoreResult | null>;
  /**
   * Checkpoints the workspace plus the given ignored paths (files or directories, workspace-relative or absolute
   * inside it), e.g. before `git clean -fdx`. The paths stay untracked in later checkpoints.
   */
  snapshotPaths(paths: string[], label: string, meta?: CheckpointMeta): Promise<Checkpoint>;
  /** Directory of the shadow store (for diagnostics). */
  readonly storeDir: string;
  readonly workspace: string;
}
