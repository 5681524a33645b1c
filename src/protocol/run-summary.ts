/**
 * The summary `tandem exec` adds to its last event (`session_finished.summary`): what the run changed in the
 * workspace and how to continue its session. See docs/events.md.
 */

export interface FileChangeStat {
  /** Workspace-relative, as git names it (not quoted). */
  path: string;
  status: "added" | "modified" | "deleted" | "type_changed";
  /** Lines added and removed; null for a binary file. */
  added: number | null;
  removed: number | null;
}

export interface RunSummary {
  session_id: string;
  /** Files the run changed, from the checkpoint before its first changing step to the files now, by path. */
  changes: FileChangeStat[];
  /** Lines added and removed over all the text files in `changes`. */
  added: number;
  removed: number;
  /** Why the changed files could not be listed (then `changes` is empty and says nothing). */
  changes_error?: string;
  /** The checkpoint the changes are counted from (`tandem checkpoints diff N`); absent when nothing changed. */
  from_checkpoint?: number;
  /** The unified diff (git format, no colour) of `changes`; only when asked for (`tandem exec --diff`). */
  patch?: string;
  /** Commands that continue this session: `exec` with `…` standing for the next prompt; `ui` opens the UI. */
  resume: { exec: string; ui: string };
}
