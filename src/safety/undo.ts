/**
 * `tandem undo`: reverses the last step in the undo journal. A destructive action is reversed through its
 * backups (restoreBackup: uncommitted changes back, trashed paths back, the remote branch back); any other step
 * by restoring the checkpoint taken before it. Steps that changed nothing are skipped. Before reversing, the
 * workspace is checkpointed, so the undo itself can be reverted (`tandem checkpoints restore N`).
 */
import { type RemoteRefBackup, type RestoreReport, restoreBackup } from "./backup/index.ts";
import type { CheckpointStore, StepBackupPlan, StepBackups } from "./checkpoints/index.ts";
import { describeBackup } from "./guard/describe.ts";
import { git } from "./guard/git-args.ts";
import type { BackupEntry, StepEntry, UndoJournal } from "./journal.ts";

export interface UndoResult {
  /** What was reversed. */
  entry: StepEntry | BackupEntry;
  /** Lines for the user. */
  lines: string[];
  /** Checkpoint of the state just before the undo (restore it to redo). */
  redo?: number;
  /** Paths a restore left in the backup because something was in the way. */
  conflicts: string[];
}

/**
 * Reverses the newest not-yet-undone step; null when there is nothing to undo. With `backups`, what the step
 * removed or damaged in the git directory and in ignored files comes back too (a step that changed only those
 * is undone, not skipped).
 */
export async function undoLastStep(
  journal: UndoJournal,
  store: CheckpointStore,
  backups?: StepBackups,
): Promise<UndoResult | null> {
  const all = await journal.read();
  const undone = new Set<number>();
  for (const { entry } of all) if (entry.type === "undone") undone.add(entry.of);
  for (let i = all.length - 1; i >= 0; i--) {
    const item = all[i];
    if (!item || item.entry.type === "undone" || undone.has(item.line)) continue;
    const entry = item.entry;
    const mark = () => journal.append({ type: "undone", of: item.line, time: Date.now() });
    // A destructive action no primitive could back up (full mode) is reversed through its checkpoint.
    if (entry.type === "step" || (entry.backups.length === 0 && entry.checkpoint !== undefined)) {
      const checkpoint = entry.checkpoint as number;
      const label = entry.type === "step" ? entry.label : entry.command;
      const diff = await store.diff(checkpoint).catch(() => null);
      const data = await planData(backups, entry.data);
      if ((!diff || diff.files.length === 0) && !data) {
        // Nothing changed since this checkpoint: this step did nothing to undo.
        await mark();
        continue;
      }
      const result = diff?.files.length ? await store.restore(checkpoint) : null;
      const lines = result
        ? [`undid "${label}": restored checkpoint ${checkpoint} (${result.files.length} files changed)`]
        : [`undid "${label}"`];
      if (data && backups) lines.push(...dataLines(backups, data));
      await mark();
      return { entry, lines, ...(result ? { redo: result.undoPoint.seq } : {}), conflicts: [] };
    }
    const before = await store.create(`before undo of: ${entry.command}`.slice(0, 120), { undo: true });
    const lines = [`undid \`${entry.command}\` (justification: ${entry.justification})`];
    const conflicts: string[] = [];
    for (const backup of [...entry.backups].reverse()) {
      if (backup.kind === "remote-ref" && (await remoteValue(backup)) === backup.oldSha) {
        lines.push(`  ${backup.remote}/${backup.branch} is still at its old value: the push never happened`);
        continue;
      }
      const report: RestoreReport = await restoreBackup(backup);
      lines.push(`  ${describeBackup(backup)}: restored ${report.restored.length} item(s)`);
      for (const note of report.notes) lines.push(`  ${note}`);
      conflicts.push(...report.conflicts);
    }
    const data = await planData(backups, entry.data);
    if (data && backups) lines.push(...dataLines(backups, data));
    await mark();
    return { entry, lines, redo: before.seq, conflicts };
  }
  return null;
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
async function remoteValue(record: RemoteRefBackup): Promise<string | null | undefined> {
  const out = await git(record.repo, ["ls-remote", "--", record.remote, `refs/heads/${record.branch}`]);
  if (out === null) return undefined;
  return out ? out.slice(0, out.indexOf("\t")) : null;
}
