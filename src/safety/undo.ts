/**
 * `tandem undo`: reverses the last step in the undo journal. A destructive action is reversed through its
 * backups (restoreBackup: uncommitted changes back, trashed paths back, the remote branch back); any other step
 * by restoring, from the checkpoint taken before it, the files the step changed. Steps that changed nothing are
 * skipped. Before reversing, the workspace is checkpointed, so the undo itself can be reverted
 * (`tandem checkpoints restore N`).
 *
 * Edits the user made after the step are never silently reverted: a file that differs from what the step left
 * (its `after` checkpoint) is kept as the user has it and named, unless `overwrite` is asked for.
 */
import path from "node:path";
import { relativeInside } from "../util/inside.ts";
import {
  processGit,
  type RemoteRefBackup,
  type RestoreReport,
  restoreBackup,
  type UserGit,
} from "./backup/index.ts";
import type { CheckpointStore, StepBackupPlan, StepBackups } from "./checkpoints/index.ts";
import { describeBackup } from "./guard/describe.ts";
import { gitOrNull } from "./guard/git-args.ts";
import type { AfterEntry, BackupEntry, StepEntry, UndoJournal } from "./journal.ts";
import { changedSince, overwrittenWhileRunning } from "./undo-changes.ts";

export interface UndoResult {
  /** What was reversed. */
  entry: StepEntry | BackupEntry;
  /** Lines for the user. */
  lines: string[];
  /** Checkpoint of the state just before the undo (restore it to redo). */
  redo?: number;
  /** Paths a restore left in the backup because something was in the way. */
  conflicts: string[];
  /** Files the user changed after the step, kept as they are (not reverted). */
  kept: string[];
}

export interface UndoOptions {
  /**
   * Also revert files the user changed after the step (their versions stay in the redo checkpoint). Default
   * false: those files keep the user's version and are named.
   */
  overwrite?: boolean;
  /** The git that restores backups in the user's repository. Default the process's (`processGit`). */
  git?: UserGit;
}

const MAX_NAMED = 20;
const names = (paths: string[]) =>
  paths.slice(0, MAX_NAMED).join(", ") +
  (paths.length > MAX_NAMED ? `, and ${paths.length - MAX_NAMED} more` : "");

/**
 * Reverses the newest not-yet-undone step; null when there is nothing to undo. With `backups`, what the step
 * removed or damaged in the git directory and in ignored files comes back too (a step that changed only those
 * is undone, not skipped).
 */
export async function undoLastStep(
  journal: UndoJournal,
  store: CheckpointStore,
  backups?: StepBackups,
  options: UndoOptions = {},
): Promise<UndoResult | null> {
  const all = await journal.read();
  const undone = new Set<number>();
  // Each `after` record belongs to the newest step before it with its call id (ids can repeat across sessions).
  const afters = new Map<number, AfterEntry>();
  const lastStep = new Map<string, number>();
  for (const { line, entry } of all) {
    if (entry.type === "undone") undone.add(entry.of);
    else if (entry.type === "after") {
      const owner = lastStep.get(entry.call_id);
      if (owner !== undefined) afters.set(owner, entry);
    } else if (entry.call_id !== undefined) lastStep.set(entry.call_id, line);
  }
  for (let i = all.length - 1; i >= 0; i--) {
    const item = all[i];
    if (!item || undone.has(item.line)) continue;
    const entry = item.entry;
    if (entry.type === "undone" || entry.type === "after") continue;
    const mark = () => journal.append({ type: "undone", of: item.line, time: Date.now() });
    const after = afters.get(item.line);
    // A destructive action no primitive could back up (full mode) is reversed through its checkpoint.
    if (entry.type === "step" || (entry.backups.length === 0 && entry.checkpoint !== undefined)) {
      const label = entry.type === "step" ? entry.label : entry.command;
      const data = await planData(backups, entry.data);
      const result = await undoFromCheckpoint(store, entry.checkpoint as number, label, after, options);
      if (!result && !data) {
        // Nothing changed since this checkpoint: this step did nothing to undo.
        await mark();
        continue;
      }
      const lines = result ? result.lines : [`undid "${label}"`];
      if (data && backups) lines.push(...dataLines(backups, data));
      await mark();
      const redo = result?.redo;
      return {
        entry,
        lines,
        kept: result?.kept ?? [],
        ...(redo !== undefined ? { redo } : {}),
        conflicts: [],
      };
    }
    const result = await undoFromBackups(store, entry, after, options);
    const data = await planData(backups, entry.data);
    if (data && backups) result.lines.push(...dataLines(backups, data));
    await mark();
    return { entry, ...result };
  }
  return null;
}

/**
 * Runs each backup's restore, newest first. Then files the backups wrote go back to the exact bytes of the
 * checkpoint taken before the step (a backup restore goes through the repository's own line-ending and filter
 * conversion), and files the user changed after the step go back to the user's version.
 */
async function undoFromBackups(
  store: CheckpointStore,
  entry: BackupEntry,
  after: AfterEntry | undefined,
  options: UndoOptions,
): Promise<Omit<UndoResult, "entry">> {
  const mine = after && !options.overwrite ? await changedSince(store, after.checkpoint) : [];
  const before = await store.create(`before undo of: ${entry.command}`.slice(0, 120), { undo: true });
  const lines = [`undid \`${entry.command}\` (justification: ${entry.justification})`];
  const conflicts: string[] = [];
  const written = new Set<string>();
  for (const backup of [...entry.backups].reverse()) {
    if (
      backup.kind === "remote-ref" &&
      (await remoteValue(backup, options.git ?? processGit)) === backup.old_sha
    ) {
      lines.push(`  ${backup.remote}/${backup.branch} is still at its old value: the push never happened`);
      continue;
    }
    const report: RestoreReport = await restoreBackup(backup, options.git);
    lines.push(`  ${describeBackup(backup)}: restored ${report.restored.length} item(s)`);
    for (const note of report.notes) lines.push(`  ${note}`);
    conflicts.push(...report.conflicts);
    if (backup.kind === "uncommitted") {
      for (const p of report.restored) {
        const rel = relativeInside(store.workspace, path.join(backup.repo, p));
        if (rel !== undefined) written.add(rel.split(path.sep).join("/"));
      }
    }
  }
  if (entry.checkpoint !== undefined && written.size) {
    // Only files present in the checkpoint whose bytes differ now (`M`): nothing else is touched.
    const differ = (await store.diff(entry.checkpoint, { namesOnly: true })).files.filter(
      (f) => f.status === "M" && written.has(f.path) && !mine.includes(f.path),
    );
    if (differ.length) await store.restore(entry.checkpoint, { paths: differ.map((f) => f.path) });
  }
  // The backups restore what the command destroyed; a file the user changed since then goes back to theirs.
  const kept: string[] = [];
  if (mine.length) {
    const reverted = (await store.diff(before.seq, { namesOnly: true })).files
      .map((f) => f.path)
      .filter((p) => mine.includes(p));
    if (reverted.length) {
      const { undoPoint } = await store.restore(before.seq, { paths: reverted });
      kept.push(...reverted);
      lines.push(
        `  kept your changes made after this step to: ${names(reverted)} (not reverted; the backup's version of them is in checkpoint ${undoPoint.seq})`,
      );
    }
  }
  return { lines, redo: before.seq, conflicts, kept };
}

/**
 * Restores, from `checkpoint`, the files the step changed (the step's `after` checkpoint tells which), except
 * those the user changed since. Without an `after` record (older journals) the whole checkpoint is restored.
 */
async function undoFromCheckpoint(
  store: CheckpointStore,
  checkpoint: number,
  label: string,
  after: AfterEntry | undefined,
  options: UndoOptions,
): Promise<Omit<UndoResult, "entry" | "conflicts"> | null> {
  if (!after) {
    const diff = await store.diff(checkpoint, { namesOnly: true }).catch(() => null);
    if (!diff || diff.files.length === 0) return null;
    const result = await store.restore(checkpoint);
    return {
      lines: [`undid "${label}": restored checkpoint ${checkpoint} (${result.files.length} files changed)`],
      redo: result.undoPoint.seq,
      kept: [],
    };
  }
  const stepFiles = (await store.diff(checkpoint, { to: after.checkpoint, namesOnly: true })).files.map(
    (f) => f.path,
  );
  if (stepFiles.length === 0) return null;
  const since = new Set(await changedSince(store, after.checkpoint));
  const touched = stepFiles.filter((p) => since.has(p));
  const kept = options.overwrite ? [] : touched;
  const paths = stepFiles.filter((p) => !kept.includes(p));
  const lines: string[] = [];
  let redo: number | undefined;
  if (paths.length) {
    const result = await store.restore(checkpoint, { paths });
    redo = result.undoPoint.seq;
    lines.push(`undid "${label}": restored checkpoint ${checkpoint} (${result.files.length} files changed)`);
  } else
    lines.push(`undid "${label}": every file it changed was changed again since, so nothing was restored`);
  if (kept.length) {
    lines.push(
      `kept your changes made after this step to: ${names(kept)} (not reverted; their version from before the step is in checkpoint ${checkpoint})`,
    );
  }
  if (options.overwrite && touched.length) {
    lines.push(
      `reverted although changed after this step: ${names(touched)} (your versions are in checkpoint ${redo})`,
    );
  }
  const lost = await overwrittenWhileRunning(store, checkpoint, after);
  for (const { path: file, checkpoint: seq } of lost.slice(0, MAX_NAMED)) {
    lines.push(
      `${file} changed while the step ran and was overwritten before it ended; the version seen mid-run (maybe your edit) is kept in checkpoint ${seq}`,
    );
  }
  if (lost.length > MAX_NAMED) lines.push(`and ${lost.length - MAX_NAMED} more files like that`);
  return { lines, kept, ...(redo !== undefined ? { redo } : {}) };
}

/** What the step removed from the git directory or ignored files; null when nothing (or no backup). */
async function planData(
  backups: StepBackups | undefined,
  key: string | undefined,
): Promise<StepBackupPlan | null> {
  if (!backups || !key) return null;
  const plan = await backups.plan(key).catch(() => null);
  return plan && !(plan.empty && plan.ignored.changedSince.length === 0) ? plan : null;
}

function dataLines(backups: StepBackups, plan: StepBackupPlan): string[] {
  const report = backups.restore(plan);
  const lines: string[] = [];
  if (report.restored.length)
    lines.push(`  brought back ${report.restored.length}: ${report.restored.join(", ")}`);
  if (report.notRestorable.length) lines.push(`  not restorable: ${report.notRestorable.join(", ")}`);
  if (report.keptNewer.length)
    lines.push(`  kept as they are (changed again after the step): ${report.keptNewer.join(", ")}`);
  return lines;
}

/** The remote branch's value now; undefined when it cannot be read (then the restore decides). */
async function remoteValue(record: RemoteRefBackup, git: UserGit): Promise<string | null | undefined> {
  const out = await gitOrNull(git, record.repo, [
    "ls-remote",
    "--",
    record.remote,
    `refs/heads/${record.branch}`,
  ]);
  if (out === null) return undefined;
  return out ? out.slice(0, out.indexOf("\t")) : null;
}
