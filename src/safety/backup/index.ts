/**
 * Backup primitives for the destructive-action guard: each `inspect*` says what a command would destroy (to tell
 * the model and the user), each backup makes it reversible before the command runs, and `restoreBackup` reverses
 * any record. Records are plain JSON for the session log.
 */
import { restoreRemoteRef } from "./force-push.ts";
import { restoreRefs } from "./refs.ts";
import { restoreStashes } from "./stash.ts";
import { restorePaths } from "./trash.ts";
import type { BackupRecord, RestoreReport } from "./types.ts";
import { restoreUncommitted } from "./uncommitted.ts";

export {
  backupRemoteRef,
  type ForcePushInspection,
  type ForcePushOptions,
  inspectForcePush,
  type LostCommit,
  restoreRemoteRef,
} from "./force-push.ts";
export { dryRunArgs, type GitCleanInspection, inspectGitClean } from "./git-clean.ts";
export {
  backupRefs,
  inspectBranchDelete,
  inspectRefDelete,
  inspectTagDelete,
  type RefDeleteInspection,
  type RefKind,
  restoreRefs,
} from "./refs.ts";
export { BACKUP_REF_PREFIX } from "./repo.ts";
export { backupStashes, inspectStashDrop, restoreStashes, type StashEntry } from "./stash.ts";
export {
  backupPaths,
  describePath,
  inspectRm,
  type RmInspection,
  restorePaths,
  snapshotPaths,
  trashPaths,
} from "./trash.ts";
export type * from "./types.ts";
export {
  type BackupOptions,
  backupUncommitted,
  inspectResetHard,
  type ResetHardInspection,
  restoreUncommitted,
  type UncommittedFile,
} from "./uncommitted.ts";

/** Reverses any backup record. */
export function restoreBackup(record: BackupRecord): Promise<RestoreReport> {
  switch (record.kind) {
    case "uncommitted":
      return restoreUncommitted(record);
    case "trash":
      return restorePaths(record);
    case "remote-ref":
      return restoreRemoteRef(record);
    case "refs":
      return restoreRefs(record);
    case "stash":
      return restoreStashes(record);
  }
}
