/**
 * The workspace's history of changes as front ends show it: its checkpoints, undoing the last step, and what
 * changed since a time (a session's start). `tandem undo` / `tandem checkpoints` and the UI's /undo,
 * /checkpoints and /diff all go through here, so they say the same things.
 */
import { resolve } from "node:path";
import {
  type Checkpoint,
  type CheckpointStore,
  checkpointStoreDir,
  createCheckpointStore,
  createStepBackups,
  type FileChange,
} from "../safety/checkpoints/index.ts";
import { type RepairReport, repairCheckpointStore } from "../safety/checkpoints/repair.ts";
import { createUndoJournal, recoveredStepEntries, safetyPaths } from "../safety/journal.ts";
import { type UndoOptions, undoLastStep } from "../safety/undo.ts";
import { exists } from "../util/exists.ts";

/**
 * The workspace's checkpoint store under `home` (TANDEM_HOME); the user's own git repository is never touched. A
 * step an ended session left without its checkpoint, once made (`recoverSteps`), is journalled for undo.
 */
export function openCheckpointStore(home: string, workspace: string): CheckpointStore {
  const dir = resolve(workspace);
  const journal = createUndoJournal(safetyPaths(home, dir).journal);
  return createCheckpointStore({
    workspace: dir,
    storeDir: checkpointStoreDir(home, dir),
    onRecoveredStep: async (step) => {
      for (const entry of recoveredStepEntries(step)) await journal.append(entry);
    },
  });
}

/** Repairs the workspace's checkpoint store (see src/safety/checkpoints/repair.ts). */
export function repairWorkspaceStore(home: string, workspace: string): Promise<RepairReport> {
  const dir = resolve(workspace);
  return repairCheckpointStore({ workspace: dir, storeDir: checkpointStoreDir(home, dir) });
}

/** A repair report for the user: what was done, what was kept, what was lost. */
export function repairLines(report: RepairReport): string[] {
  if (!report.found) return ["no checkpoint store for this workspace: nothing to repair"];
  const lines = [...report.actions];
  if (report.kept) lines.push(`kept the history up to checkpoint #${report.kept.seq} (${report.kept.label})`);
  if (report.lost.length) lines.push(`could not be salvaged: ${report.lost.join(", ")}`);
  lines.push("the next checkpoint records the workspace as it is now");
  return lines;
}

/** One line per checkpoint: `seq  time (UTC)  kind  N files  label`. */
export function checkpointLine(c: Checkpoint): string {
  const when = new Date(c.time).toISOString().replace("T", " ").slice(0, 19);
  return `${String(c.seq).padStart(4)}  ${when}  ${c.kind.padEnd(7)} ${c.filesChanged} files  ${c.label}`;
}

export interface UndoReport {
  /** Lines for the user, in order. */
  lines: string[];
  /** False when something was left in a backup because something is in the way. */
  ok: boolean;
}

/**
 * Reverses the last step: the session journal's newest step when it has any (checkpoints and destructive-action
 * backups), otherwise the newest checkpoint that differs from the workspace. "nothing to undo" when neither.
 * Files the user changed after the step keep their version (and are named) unless `options.overwrite`.
 */
export async function undoLast(
  home: string,
  workspace: string,
  options: UndoOptions = {},
): Promise<UndoReport> {
  const store = openCheckpointStore(home, workspace);
  // A step whose session ended before its checkpoint was made gets it now, so it is the one undone.
  await store.recoverSteps();
  // The newest step is not in the journal yet: undoing now would reverse the one before it.
  if (await store.stepPending())
    return {
      lines: [
        "the last step's checkpoint is still being made (in the background, after the step); nothing was undone. Try again in a few seconds.",
      ],
      ok: false,
    };
  const paths = safetyPaths(home, resolve(workspace));
  const journal = createUndoJournal(paths.journal);
  const backups = createStepBackups({
    workspace: store.workspace,
    storeDir: paths.storeDir,
    dir: paths.dataDir,
  });
  const step = await undoLastStep(journal, store, backups, options);
  if (step) {
    const lines = [...step.lines];
    if (step.conflicts.length)
      lines.push(`left in the backup because something is in the way: ${step.conflicts.join(", ")}`);
    if (step.redo !== undefined)
      lines.push(`redo (workspace files) with: tandem checkpoints restore ${step.redo}`);
    return { lines, ok: step.conflicts.length === 0 };
  }
  const result = await store.undo();
  if (!result) return { lines: ["nothing to undo"], ok: true };
  return {
    lines: [
      `restored the workspace to checkpoint ${result.restored.seq} (${result.files.length} files changed); redo with: tandem checkpoints restore ${result.undoPoint.seq}`,
    ],
    ok: true,
  };
}

export interface ChangesSince {
  /** The checkpoint the diff starts from: the workspace as it was before the first step at or after `since`. */
  from: Checkpoint;
  /** Changed paths with git's status letter (A, M, D, T). */
  files: FileChange[];
  /** Unified diff (git format, no colour) to the current workspace; empty when nothing differs. */
  patch: string;
}

/**
 * Everything changed in the workspace since `since` (ms since the epoch): the diff from the checkpoint taken
 * before the first step at or after it to the files now. The journal is asked first because a step that found
 * the workspace unchanged reuses an older checkpoint; without journal entries, the oldest checkpoint created at
 * or after `since` is used. Null when no step was recorded since then.
 */
export async function changesSince(
  home: string,
  workspace: string,
  since: number,
): Promise<ChangesSince | null> {
  // No store, no step: asking would create one (a git init) for a run that changed nothing.
  if (!(await exists(checkpointStoreDir(home, resolve(workspace))))) return null;
  const store = openCheckpointStore(home, workspace);
  const journal = createUndoJournal(safetyPaths(home, resolve(workspace)).journal);
  let seq: number | undefined;
  for (const { entry } of await journal.read()) {
    if (
      (entry.type === "step" || entry.type === "backup") &&
      entry.time >= since &&
      entry.checkpoint !== undefined
    ) {
      seq = entry.checkpoint;
      break;
    }
  }
  if (seq === undefined) {
    const recent = (await store.list()).filter((c) => c.time >= since);
    seq = recent.at(-1)?.seq;
  }
  if (seq === undefined) return null;
  const diff = await store.diff(seq);
  if (!diff.from) return null;
  return { from: diff.from, files: diff.files, patch: diff.patch };
}
