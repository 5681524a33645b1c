/**
 * `git reset --hard` and friends: what uncommitted work they would destroy, a backup of it, and its restore.
 *
 * The backup is two commit objects like `git stash create` makes (index commit; working-tree commit with untracked
 * non-ignored files), built through a temporary copy of the user's index so their index file is never written, and
 * kept reachable by a ref under refs/tandem/backups/uncommitted/ IN THE USER'S REPOSITORY. Why there and not in the
 * shadow store: the blobs already live in the user's object store (`git add` put the staged ones there), a ref
 * makes the user's own `git gc` keep exactly them, and nothing is copied. The user's refs/heads, tags, stash list,
 * index and HEAD are untouched; the ref shows in `git log --all` and `git for-each-ref` (and a `push --mirror`).
 */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { exists } from "../../util/exists.ts";
import { EMPTY_TREE, splitNul } from "../checkpoints/git.ts";
import { BACKUP_REF_PREFIX, headCommit, processGit, repoPaths, stamp, type UserGit } from "./repo.ts";
import type { RestoreReport, UncommittedBackup } from "./types.ts";

export interface UncommittedFile {
  /** Repo-relative path. */
  path: string;
  /** Staged change (index vs HEAD), if any. */
  staged: "A" | "M" | "D" | "T" | null;
  /** Unstaged change (working tree vs index), if any. */
  unstaged: "M" | "D" | "T" | null;
}

export interface ResetHardInspection {
  repo: string;
  head: string | null;
  files: UncommittedFile[];
  /** modified: content changes lost; added: staged new files (reset --hard deletes them); deleted: deletions undone. */
  counts: { modified: number; added: number; deleted: number };
  /** True when `git reset --hard` would lose anything. Untracked files are not affected and not listed. */
  wouldLoseWork: boolean;
}

export interface BackupOptions {
  /** Ref namespace in the user's repository. Default "refs/tandem/backups". */
  refPrefix?: string;
  /** The git it runs. Default the process's (`processGit`). */
  git?: UserGit;
}

const literal = (p: string): string => `:(literal)${p}`;

export async function inspectResetHard(cwd: string, git: UserGit = processGit): Promise<ResetHardInspection> {
  const { top } = await repoPaths(cwd, git);
  const head = await headCommit(top, git);
  const flags = ["--no-renames", "--name-status", "-z", "--no-ext-diff", "--ignore-submodules=none"];
  const staged = parsePairs(
    (await git.run(top, ["diff", "--cached", ...flags, head ?? EMPTY_TREE, "--"])).stdout,
  );
  const unstaged = parsePairs((await git.run(top, ["diff", ...flags, "--"])).stdout);
  const byPath = new Map<string, UncommittedFile>();
  const entry = (p: string): UncommittedFile => {
    let file = byPath.get(p);
    if (!file) {
      file = { path: p, staged: null, unstaged: null };
      byPath.set(p, file);
    }
    return file;
  };
  for (const [status, p] of staged)
    if (status === "A" || status === "M" || status === "D" || status === "T") entry(p).staged = status;
  for (const [status, p] of unstaged)
    if (status === "M" || status === "D" || status === "T") entry(p).unstaged = status;
  const files = [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
  const counts = { modified: 0, added: 0, deleted: 0 };
  for (const f of files) {
    if (f.staged === "A") counts.added++;
    else if (f.staged === "D" || f.unstaged === "D") counts.deleted++;
    else counts.modified++;
  }
  return { repo: top, head, files, counts, wouldLoseWork: files.length > 0 };
}

/** Saves index + working tree (untracked non-ignored files included) without touching index, refs/heads or stash. */
export async function backupUncommitted(
  cwd: string,
  options: BackupOptions = {},
): Promise<UncommittedBackup> {
  const git = options.git ?? processGit;
  const { top, indexFile } = await repoPaths(cwd, git);
  const head = await headCommit(top, git);
  const headTree = head ? await git.out(top, ["rev-parse", `${head}^{tree}`]) : EMPTY_TREE;
  const record: UncommittedBackup = {
    kind: "uncommitted",
    repo: top,
    created_at: new Date().toISOString(),
    head,
    head_ref: await symbolicHead(top, git),
    empty: true,
    ref: null,
    index_commit: null,
    worktree_commit: null,
    index_tree: null,
    worktree_tree: null,
    untracked: [],
  };
  await withTempIndex(indexFile, async (env) => {
    const indexTree = await git.out(top, ["write-tree"], { env });
    await git.run(top, ["add", "-A", "--ignore-errors", "--", "."], { env, okCodes: [0, 1] });
    const worktreeTree = await git.out(top, ["write-tree"], { env });
    if (indexTree === headTree && worktreeTree === headTree) return;
    const diffArgs = [
      "diff-tree",
      "-r",
      "-z",
      "--no-renames",
      "--name-only",
      "--diff-filter=A",
      indexTree,
      worktreeTree,
    ];
    const added = (await git.run(top, diffArgs)).stdout;
    const parents = head ? ["-p", head] : [];
    const indexCommit = await git.out(top, [
      "commit-tree",
      indexTree,
      ...parents,
      "-m",
      "tandem backup: index",
    ]);
    const worktreeCommit = await git.out(top, [
      "commit-tree",
      worktreeTree,
      ...parents,
      "-p",
      indexCommit,
      "-m",
      "tandem backup: working tree",
    ]);
    const ref = `${options.refPrefix ?? BACKUP_REF_PREFIX}/uncommitted/${stamp()}`;
    await git.run(top, ["update-ref", "-m", "tandem backup", ref, worktreeCommit, "0".repeat(40)]);
    Object.assign(record, {
      empty: false,
      ref,
      index_commit: indexCommit,
      worktree_commit: worktreeCommit,
      index_tree: indexTree,
      worktree_tree: worktreeTree,
    });
    record.untracked = splitNul(added);
  });
  return record;
}

/**
 * Brings back HEAD (when it moved), the index and the working tree as they were at backup time. Only paths that
 * differ are written; untracked files created since are left alone.
 */
export async function restoreUncommitted(
  record: UncommittedBackup,
  git: UserGit = processGit,
): Promise<RestoreReport> {
  const report: RestoreReport = { restored: [], conflicts: [], notes: [] };
  const { top, indexFile } = await repoPaths(record.repo, git);
  if (!record.empty && record.worktree_tree && record.index_tree) {
    const worktreeTree = record.worktree_tree;
    await withTempIndex(indexFile, async (env) => {
      // The temporary index = current tracked files with fresh stat data, so the two-way read-tree below rewrites
      // only what differs; git refuses (and changes nothing) rather than overwrite a file it does not know.
      await git.run(top, ["add", "-u", "--ignore-errors", "--", "."], { env, okCodes: [0, 1] });
      const present: string[] = [];
      for (const p of record.untracked) if (await exists(path.join(top, p))) present.push(p);
      let target = worktreeTree;
      if (present.length > 0) {
        // Untracked files were never touched by the reset: the ones still there keep their current content
        // (the target takes their current entries); only missing ones come back.
        for (let i = 0; i < present.length; i += 500) {
          await git.run(top, ["add", "-f", "--", ...present.slice(i, i + 500).map(literal)], { env });
        }
        target = await withCurrentEntries(git, top, env, worktreeTree, present);
      }
      const current = await git.out(top, ["write-tree"], { env });
      const diffArgs = ["diff-tree", "-r", "-z", "--no-renames", "--name-only", current, target];
      const changed = (await git.run(top, diffArgs)).stdout;
      const switched = await git.run(top, ["read-tree", "-m", "-u", current, target], {
        env,
        okCodes: [0, 128],
      });
      if (switched.code !== 0) {
        throw new Error(
          `Restore stopped before changing anything: ${switched.stderr.trim()}. Move those files away and retry; ` +
            `the backup stays in ${record.ref ?? record.worktree_commit}.`,
        );
      }
      report.restored = splitNul(changed);
    });
    // Keeps stat data of unchanged entries (one-way merge), so `git status` stays fast afterwards.
    await git.run(top, ["read-tree", "--reset", record.index_tree]);
  }
  report.notes.push(...(await restoreHead(git, top, record)));
  return report;
}

/**
 * Puts HEAD back where the backup found it. A forced checkout/switch moved HEAD to another branch: HEAD is
 * re-attached to the old branch and the other branch is left alone (moving "HEAD" by value would write through
 * the symbolic ref into that other branch). A reset moved the branch itself: it goes back to its old commit,
 * compare-and-swap on its current value. Returns notes for the user.
 */
async function restoreHead(git: UserGit, top: string, record: UncommittedBackup): Promise<string[]> {
  const notes: string[] = [];
  const zero = "0".repeat(40);
  const short = (sha: string | null) => sha?.slice(0, 10) ?? "(unborn)";
  const now = await symbolicHead(top, git);
  if (record.head_ref === undefined) {
    // A record from before headRef existed: HEAD by value, as it was then restored.
    const head = await headCommit(top, git);
    if (record.head && head !== record.head) {
      await git.run(top, ["update-ref", "-m", "tandem: undo", "HEAD", record.head, head ?? zero]);
      notes.push(`HEAD moved back from ${short(head)} to ${short(record.head)}.`);
    }
    return notes;
  }
  if (record.head_ref === null) {
    const head = await headCommit(top, git);
    if (record.head && (now !== null || head !== record.head)) {
      await git.run(top, ["update-ref", "--no-deref", "-m", "tandem: undo", "HEAD", record.head]);
      notes.push(`HEAD detached at ${short(record.head)} again${now ? ` (it was on ${now})` : ""}.`);
    }
    return notes;
  }
  if (now !== record.head_ref) {
    await git.run(top, ["symbolic-ref", "-m", "tandem: undo", "HEAD", record.head_ref]);
    notes.push(
      `HEAD is back on ${record.head_ref} (it was on ${now ?? "a detached commit"}; that ref was not moved).`,
    );
  }
  const value = (
    await git.run(top, ["rev-parse", "-q", "--verify", `${record.head_ref}^{commit}`], {
      okCodes: [0, 1, 128],
    })
  ).stdout.trim();
  if (record.head && value !== record.head) {
    await git.run(top, ["update-ref", "-m", "tandem: undo", record.head_ref, record.head, value || zero]);
    notes.push(`HEAD moved back from ${short(value || null)} to ${short(record.head)} (${record.head_ref}).`);
  }
  return notes;
}

/** The branch HEAD is on (`refs/heads/x`), or null when it is detached. */
async function symbolicHead(top: string, git: UserGit): Promise<string | null> {
  const result = await git.run(top, ["symbolic-ref", "-q", "HEAD"], { okCodes: [0, 1, 128] });
  return result.code === 0 ? result.stdout.trim() || null : null;
}

/** `tree` with the entries of `paths` replaced by those in the index `env` points at. */
async function withCurrentEntries(
  git: UserGit,
  top: string,
  env: Record<string, string>,
  tree: string,
  paths: string[],
): Promise<string> {
  const entries = (await git.run(top, ["ls-files", "-s", "-z", "--", ...paths.map(literal)], { env })).stdout;
  const other = { GIT_INDEX_FILE: `${env.GIT_INDEX_FILE}.target` };
  await git.run(top, ["read-tree", tree], { env: other });
  // ls-files -s prints "<mode> <sha> <stage>\t<path>", which --index-info accepts as is.
  await git.run(top, ["update-index", "-z", "--index-info"], { env: other, input: entries });
  return git.out(top, ["write-tree"], { env: other });
}

async function withTempIndex(
  indexFile: string,
  fn: (env: Record<string, string>) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tandem-index-"));
  const temp = path.join(dir, "index");
  try {
    await copyFile(indexFile, temp).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error; // no index yet (fresh repository): start empty
    });
    await fn({ GIT_INDEX_FILE: temp });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function parsePairs(output: string): Array<[string, string]> {
  const fields = splitNul(output);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < fields.length; i += 2) pairs.push([fields[i]?.[0] ?? "", fields[i + 1] ?? ""]);
  return pairs;
}
