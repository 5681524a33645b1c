/**
 * What happened to the workspace around a step, for `undo`: the files changed since the step ended (by the
 * user: the agent's later steps are undone first), and versions that existed while a long step ran but were gone
 * when it ended (an edit the user saved mid-run that the command then overwrote).
 */
import type { CheckpointStore } from "./checkpoints/index.ts";
import type { AfterEntry } from "./journal.ts";

/** Checkpoints taken during a run that are compared; a run changing files for hours keeps only its last ones. */
const MAX_DURING = 50;

/** Workspace-relative paths that differ between checkpoint `after` and the workspace now. */
export async function changedSince(store: CheckpointStore, after: number): Promise<string[]> {
  return (await store.diff(after, { namesOnly: true })).files.map((f) => f.path);
}

/**
 * Files whose version in a checkpoint taken while the step ran differs from both the version before the step
 * and the one it left: something (the command, or the user) wrote it mid-run and it was overwritten before the
 * end. Each is named with the newest checkpoint holding such a version.
 */
export async function overwrittenWhileRunning(
  store: CheckpointStore,
  before: number,
  after: AfterEntry,
): Promise<Array<{ path: string; checkpoint: number }>> {
  const found = new Map<string, number>();
  for (const seq of (after.during ?? []).slice(-MAX_DURING)) {
    if (seq === before || seq === after.checkpoint) continue;
    const fromBefore = new Set(
      (await store.diff(before, { to: seq, namesOnly: true })).files.map((f) => f.path),
    );
    for (const f of (await store.diff(seq, { to: after.checkpoint, namesOnly: true })).files)
      if (fromBefore.has(f.path)) found.set(f.path, seq);
  }
  return [...found].map(([path, checkpoint]) => ({ path, checkpoint }));
}
