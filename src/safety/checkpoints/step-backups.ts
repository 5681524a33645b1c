/**
 * What checkpoints do not hold, backed up around every changing step: the workspace's git directory
 * (git-dir-snapshot.ts) and its ignored files (ignored-backup.ts). The gate calls `before()` next to the
 * checkpoint and journals the key it returns; `after(key)` runs with the after-step checkpoint, off the critical
 * path; `tandem undo` asks `plan(key)` what the step removed or damaged and `restore(plan)` brings it back.
 * Keys and snapshot ids are kept in `<dir>/steps.jsonl`, so another process (the `tandem undo` command) can undo.
 */
import path from "node:path";
import { applyGitDirRepair, planGitDirRepair, type RepairAction } from "./git-dir-repair.ts";
import { createGitDirSnapshots, type GitDirSnapshots } from "./git-dir-snapshot.ts";
import { createIgnoredBackup, type IgnoredBackup, type IgnoredBackupOptions } from "./ignored-backup.ts";
import { applyIgnoredRestore, type IgnoredPlan, planIgnoredRestore } from "./ignored-restore.ts";
import { createSnapshotLog, newSnapshotId } from "./snapshot-log.ts";
import { writeReaches } from "./write-reach.ts";

export interface StepBackupsOptions
  extends Pick<
    IgnoredBackupOptions,
    "cacheDirs" | "maxFileBytes" | "maxStepBytes" | "maxFiles" | "git" | "gitEnv" | "pace"
  > {
  workspace: string;
  /** The checkpoint store's directory (its ignore rules decide which files are ignored). */
  storeDir: string;
  /** Where the backups live, e.g. `safetyPaths(home, workspace).dataDir`. */
  dir: string;
  /** Bytes one git-directory snapshot may copy. Default 64 MiB. */
  gitCopyBudgetBytes?: number;
}

/** What a step declares it may change; what it cannot reach is not snapshotted for it. */
export interface StepScope {
  /**
   * The absolute paths the step writes, when it declares them (a tool of kind `edit`: its `paths().writes`,
   * trusted as the gate trusts it). When none of them reaches into the git directory (symlinks followed), the
   * git directory is not walked before or after this step: that walk is a stat of every object directory
   * (257 in a repository with history), the larger part of an unchanged step's backup cost, for a step that
   * cannot change any of it. Ignored files are still snapshotted (a file tool may rewrite `.env`).
   * Default: undeclared (a shell command): everything is snapshotted.
   */
  writes?: readonly string[];
}

export interface StepBackupPlan {
  key: string;
  git: RepairAction[];
  ignored: IgnoredPlan;
  /** True when the step removed or damaged nothing these backups cover. */
  empty: boolean;
}

export interface StepBackupReport {
  restored: string[];
  notRestorable: string[];
  /** Ignored files the step changed and something changed again since: kept as they are. */
  keptNewer: string[];
}

export interface StepBackups {
  /**
   * Takes a first snapshot without a step, so the first step of a session does not pay for linking every object
   * of the repository and listing the ignored files. Start it in the background when the session starts.
   */
  warm(): Promise<void>;
  /** Snapshots the git directory and the ignored files before a step; returns the key to journal with it. */
  before(scope?: StepScope): Promise<string>;
  /** Snapshots them after the step `key` (what its `before` snapshotted). */
  after(key: string): Promise<void>;
  plan(key: string): Promise<StepBackupPlan>;
  restore(plan: StepBackupPlan): StepBackupReport;
}

interface StepLine {
  key: string;
  phase: "before" | "after";
  git: string | null;
  ignored: string | null;
}

export function createStepBackups(options: StepBackupsOptions): StepBackups {
  const dir = path.resolve(options.dir);
  const git: GitDirSnapshots = createGitDirSnapshots({
    workspace: options.workspace,
    dir: path.join(dir, "git"),
    ...(options.gitCopyBudgetBytes !== undefined ? { copyBudgetBytes: options.gitCopyBudgetBytes } : {}),
    ...(options.pace ? { pace: options.pace } : {}),
  });
  const ignored: IgnoredBackup = createIgnoredBackup({ ...options, dir: path.join(dir, "ignored") });
  const steps = path.join(dir, "steps.jsonl");
  const stepLog = createSnapshotLog(steps);
  let seq = 0;
  let queue: Promise<unknown> = Promise.resolve();
  /** Steps whose declared writes cannot reach the git directory: it is not walked for them. */
  const withoutGit = new Set<string>();

  /** Snapshots one at a time: they share the in-memory state of the last snapshot. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const result = queue.then(fn, fn);
    queue = result.catch(() => undefined);
    return result;
  }

  async function record(key: string, phase: StepLine["phase"]): Promise<void> {
    // A step recorded without its git directory has none in its plan: undo repairs nothing there for it.
    const gitTake = withoutGit.has(key) ? Promise.resolve(null) : git.take();
    const [gitId, ignoredId] = await Promise.all([gitTake, ignored.take()]);
    const line: StepLine = { key, phase, git: gitId, ignored: ignoredId };
    // The step log shares the snapshot log's line format (id = key) so one reader serves both.
    stepLog.append({ id: `${key}:${phase}`, base: null, time: Date.now(), files: toFiles(line) });
  }

  function find(key: string): { before: StepLine | null; after: StepLine | null } {
    const lines = stepLog.read();
    const get = (phase: StepLine["phase"]) => {
      const line = lines.get(`${key}:${phase}`);
      return line ? fromFiles(key, phase, line.files) : null;
    };
    return { before: get("before"), after: get("after") };
  }

  return {
    warm() {
      return serial(async () => {
        await git.take();
        // Not before the checkpoint store exists: creating its repository here could race with its own creation.
        if (ignored.storeReady()) await ignored.take();
      });
    },
    before(scope) {
      return serial(async () => {
        seq += 1;
        const key = newSnapshotId(seq);
        const writes = scope?.writes;
        if (writes && !writes.some((file) => writeReaches(file, git.gitDir))) withoutGit.add(key);
        await record(key, "before");
        return key;
      });
    },
    after(key) {
      return serial(async () => {
        await record(key, "after");
        withoutGit.delete(key);
      });
    },
    async plan(key) {
      const { before, after } = find(key);
      const gitPlan = before?.git ? planGitDirRepair(git, before.git, after?.git ?? null) : [];
      const ignoredPlan = before?.ignored
        ? planIgnoredRestore(ignored, before.ignored, after?.ignored ?? null)
        : { actions: [], changedSince: [] };
      return {
        key,
        git: gitPlan,
        ignored: ignoredPlan,
        empty: gitPlan.length === 0 && ignoredPlan.actions.length === 0,
      };
    },
    restore(plan) {
      const repaired = applyGitDirRepair(git, plan.git);
      const restored = applyIgnoredRestore(ignored, plan.ignored);
      return {
        restored: [...repaired.restored, ...restored.restored],
        notRestorable: [...repaired.notRestorable, ...restored.notRestorable],
        keptNewer: plan.ignored.changedSince,
      };
    },
  };
}

function toFiles(line: StepLine): Record<string, string> {
  const files: Record<string, string> = {};
  if (line.git) files.git = line.git;
  if (line.ignored) files.ignored = line.ignored;
  return files;
}

function fromFiles(key: string, phase: StepLine["phase"], files: Record<string, string>): StepLine {
  return { key, phase, git: files.git ?? null, ignored: files.ignored ?? null };
}
