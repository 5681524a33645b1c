/**
 * The one list of paths that no sandboxed command and no file tool may change: the files that decide which
 * programs git runs or where git reads its config, objects and refs, and tandem's project config. The sandbox
 * mounts them read-only or checks them right after each command (git-guards.ts, settle.ts); the safety gate
 * refuses file tools on them (`protectedReason`). A git dir's other content (objects, refs, index, logs, lock
 * files) stays writable for commands, because `git add`, `commit`, `checkout`, `rebase` need it.
 */
export interface GitDirEntry {
  /** Relative to the git dir. */
  path: string;
  type: "dir" | "file";
  /**
   * When the entry is missing: `placeholder` mounts an empty read-only one, which git reads as "nothing here"
   * (its mount point is removed after the command, placeholders.ts); `watch` leaves it missing and the check after the
   * command quarantines one the command created, because an empty placeholder would break git (an empty
   * `commondir` makes it die with "failed to read .git/commondir").
   */
  missing: "placeholder" | "watch";
  why: string;
}

/** Entries of every git dir inside a writable root (the top repository's, submodules', nested repositories'). */
export const GIT_DIR_ENTRIES: readonly GitDirEntry[] = [
  { path: "config", type: "file", missing: "placeholder", why: "git config can name programs git runs" },
  {
    path: "config.worktree",
    type: "file",
    missing: "watch",
    why: "per-worktree git config can name programs git runs",
  },
  {
    path: "commondir",
    type: "file",
    missing: "watch",
    why: "commondir moves where git reads its config, hooks, objects and refs",
  },
  { path: "hooks", type: "dir", missing: "placeholder", why: "git hooks are programs git runs" },
  {
    path: "info/attributes",
    type: "file",
    missing: "watch",
    why: "info/attributes selects filters and diff drivers (programs)",
  },
  {
    path: "info/grafts",
    type: "file",
    missing: "watch",
    why: "info/grafts rewrites which history git reads",
  },
  {
    path: "objects/info/alternates",
    type: "file",
    missing: "watch",
    why: "alternates make git read objects from another directory",
  },
  {
    path: "objects/info/http-alternates",
    type: "file",
    missing: "watch",
    why: "http-alternates make git fetch objects from elsewhere",
  },
];

/** Entries of each linked worktree's admin dir, `<git dir>/worktrees/<id>/`: where that worktree's git reads from. */
export const WORKTREE_ENTRIES: readonly string[] = ["commondir", "gitdir", "config.worktree"];

/** tandem's project config and rules: they take effect in the next session. Guarded at each writable root. */
export const PROJECT_CONFIG_DIR = ".tandem";

/** The git metadata entry of a repository, a directory or a `gitdir:` pointer file. */
export const GIT_ENTRY = ".git";
