/**
 * Backup records: what a backup primitive kept, and everything its restore needs. Plain JSON (the guard persists
 * them in the session), discriminated by `kind`.
 */

/** Uncommitted work saved before `git reset --hard` (or `git checkout -f`, `git stash drop`...). */
export interface UncommittedBackup {
  kind: "uncommitted";
  /** Work tree root of the user's repository. */
  repo: string;
  created_at: string;
  /** HEAD at backup time; null on an unborn branch. */
  head: string | null;
  /**
   * The branch HEAD was on (`refs/heads/main`); null when HEAD was detached. Restore puts HEAD back on it without
   * writing through whatever branch HEAD is on now. Absent in records made before it existed.
   */
  head_ref?: string | null;
  /** True when there was nothing uncommitted: no ref was made and restore does nothing. */
  empty: boolean;
  /** Ref in the user's repository keeping the backup reachable (through the user's own gc). */
  ref: string | null;
  /** Commit whose tree is the index (parent: head). */
  index_commit: string | null;
  /** Commit whose tree is the working tree, untracked non-ignored files included (parents: head, index_commit). */
  worktree_commit: string | null;
  index_tree: string | null;
  worktree_tree: string | null;
  /** Untracked (non-ignored) files included in the working-tree commit, repo-relative. */
  untracked: string[];
}

/** Files and directories moved (or hard-link copied) into a trash directory. */
export interface TrashBackup {
  kind: "trash";
  created_at: string;
  /**
   * "move": the originals are gone (rm finds nothing); "copy": originals left in place, a copy kept, and restore
   * brings back only what is missing; "snapshot": a copy kept, and restore puts back the exact bytes of every
   * file that differs (for files changed in place, such as a truncated `.git/index`).
   */
  mode: "move" | "copy" | "snapshot";
  /** Directory holding this backup's entries and a record.json. */
  dir: string;
  entries: Array<{ original: string; stored: string; type: PathType }>;
}

/** A remote branch's old value, fetched into a local ref before a force push. */
export interface RemoteRefBackup {
  kind: "remote-ref";
  repo: string;
  created_at: string;
  remote: string;
  branch: string;
  /** Remote branch value before the push; null when the branch did not exist there. */
  old_sha: string | null;
  /** The value the push is expected to set (the lease used by restore). */
  new_sha: string;
  /** Local ref keeping `old_sha` and its history; null when old_sha is null. */
  backup_ref: string | null;
}

/** Branches or tags about to be deleted. */
export interface RefsBackup {
  kind: "refs";
  repo: string;
  created_at: string;
  refs: Array<{
    /** Full name: refs/heads/x or refs/tags/x. */
    ref: string;
    /** Commit (or tag object) id it pointed to. */
    sha: string;
    /** Local ref keeping the objects reachable after the deletion. */
    backup_ref: string;
    /** The branch's config (upstream etc.), `git branch -D` deletes it: [key, value] pairs. */
    config: Array<[string, string]>;
  }>;
}

/** Stash entries about to be dropped or cleared. */
export interface StashBackup {
  kind: "stash";
  repo: string;
  created_at: string;
  /** Newest first, as `git stash list` shows them. */
  entries: Array<{ name: string; sha: string; message: string; backup_ref: string }>;
}

export type BackupRecord = UncommittedBackup | TrashBackup | RemoteRefBackup | RefsBackup | StashBackup;

export type PathType = "file" | "dir" | "symlink" | "other";

/** One path a command would delete, with what it contains. */
export interface PathInfo {
  /** As given (or as printed by git), relative to cwd unless absolute. */
  path: string;
  absolute: string;
  type: PathType;
  /** Non-directory entries, including itself when it is not a directory. */
  files: number;
  /** Sum of lstat sizes of those entries. */
  bytes: number;
  /** Set when counting stopped early (huge tree): files and bytes are lower bounds. */
  partial?: boolean;
}

/** Result of every restore: what came back, and what was left in the backup because something was in the way. */
export interface RestoreReport {
  restored: string[];
  conflicts: string[];
  /** Human-readable notes (e.g. HEAD moved back). */
  notes: string[];
}
