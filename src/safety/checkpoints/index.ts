export { checkpointStoreDir } from "./shadow-repo.ts";
export { CHECKPOINT_REF, type CheckpointStoreOptions, createCheckpointStore } from "./store.ts";
export type {
  Checkpoint,
  CheckpointDiff,
  CheckpointKind,
  CheckpointMeta,
  CheckpointRef,
  CheckpointStore,
  FileChange,
  RestoreResult,
} from "./types.ts";
