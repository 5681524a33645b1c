/**
 * Backup primitives for the destructive-action guard: each `inspect*` says what a command would destroy (to tell
 * the model and the user), each backup makes it reversible before the command runs, and `restoreBackup` reverses
 * any record. Records are plain JSON for the session log.
 */
import { restoreRemoteRef } from "./force-push.ts";
import { restoreRefs } from "./refs.ts";
import { processGit, type UserGit } from "./repo.ts";
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
export { BACKUP_REF_PREFIX, createUserGit, processGit, type UserGit } from "./repo.ts";
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

/** Reverses any backup record, with `git` (default the process's) for the ones in a repository. */
export function restoreBackup(record: BackupRecord, git: UserGit = processGit): Promise<RestoreReport> {
  switch (record.kind) {
    case "uncommitted":
      return restoreUncommitted(record, git);
    case "trash":
      return restorePaths(record);
    case "remote-ref":
      return restoreRemoteRef(record, { git });
    case "refs":
      return restoreRefs(record, git);
    case "stash":
      return restoreStashes(record, git);
  }
}
