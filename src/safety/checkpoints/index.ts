export type { RecoveredStep } from "./early-steps.ts";
export { CACHE_DIRS } from "./ignored-backup.ts";
export { checkpointStoreDir } from "./shadow-repo.ts";
export {
  createStepBackups,
  type StepBackupPlan,
  type StepBackupReport,
  type StepBackups,
  type StepBackupsOptions,
} from "./step-backups.ts";
export { CHECKPOINT_REF, type CheckpointStoreOptions, createCheckpointStore } from "./store.ts";
export type {
  Checkpoint,
  CheckpointDiff,
  CheckpointKind,
  CheckpointMeta,
  CheckpointProgress,
  CheckpointRef,
  CheckpointStore,
  CreateBeforeOptions,
  CreateOptions,
  DiffOptions,
  EarlyCheckpoint,
  FileChange,
  RestoreResult,
} from "./types.ts";
