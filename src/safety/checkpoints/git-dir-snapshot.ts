/**
 * Before/after-step backups of the workspace's own git directory (`<workspace>/.git`), which checkpoints exclude.
 * A step (any program: `node wipe.js`, a script, `rm -rf .git/refs`) that deletes or truncates refs, objects,
 * packed-refs, the index or HEAD would otherwise be beyond `tandem undo`.
 *
 * Incremental and cheap per step:
 * - Objects (every `objects/` directory: loose objects, packs, git-lfs files) are written once and never changed,
 *   so each new one is hard-linked into `<dir>/objects/...` once: a backup against deletion that costs no data.
 *   When a link is impossible (TANDEM_HOME on another filesystem) it is copied within `copyBudgetBytes`; above it,
 *   it is recorded as unprotected.
 * - The small rewritten files (HEAD, index, packed-refs, refs/**, logs/**, config, info/...) are copied into a
 *   content-addressed blob store when their stat changed since the last snapshot.
 * - Directories are listed through a stat-validated cache, so an unchanged git directory costs one stat per
 *   directory and one lstat per rewritten file.
 * Restoring is in git-dir-repair.ts.
 */
import { copyFileSync, linkSync, lstatSync } from "node:fs";
import path from "node:path";
import { makeDirSync } from "../../util/make-dir.ts";
import { type BlobStore, createBlobStore } from "./blob-store.ts";
import { createDirCache } from "./dir-cache.ts";
import { classify, classifyDir } from "./git-dir-files.ts";
import { createSnapshotLog, newSnapshotId, type SnapshotLine, type SnapshotLog } from "./snapshot-log.ts";

export interface GitDirSnapshotOptions {
  /** The workspace; its `.git` directory is backed up (a `.git` file, as in linked worktrees, is not followed). */
  workspace: string;
  /** Where the backup lives; created on first use. On the workspace's filesystem, objects cost nothing. */
  dir: string;
  /** Bytes one snapshot may copy (rewritten files, and objects that cannot be hard-linked). Default 64 MiB. */
  copyBudgetBytes?: number;
  /**
   * Awaited before the walk and between its slices: the session's pacing (src/safety/pacing.ts), so a walk in the
   * background (the first snapshot links every object) waits while a response's tool calls are handled, as its
   * git does. Default: never waits.
   */
  pace?: () => Promise<void>;
}

export interface GitDirSnapshots {
  readonly gitDir: string;
  readonly dir: string;
  readonly log: SnapshotLog;
  readonly blobs: BlobStore;
  /**
   * Records the git directory now; resolves with the snapshot id, or null when the workspace has no `.git`
   * directory. The walk is synchronous in slices of at most `SLICE_MS`: the first snapshot of a big repository
   * (every object linked) runs in the background while the session's first tool calls do, and must not hold
   * their event loop for its whole length.
   */
  take(): Promise<string | null>;
}

export const DEFAULT_GIT_COPY_BUDGET = 64 * 1024 * 1024;
/** The longest the walk holds the event loop before it lets other work run. */
const SLICE_MS = 5;

interface FileVersion {
  stamp: string;
  sha: string;
}

export function createGitDirSnapshots(options: GitDirSnapshotOptions): GitDirSnapshots {
  const gitDir = path.join(path.resolve(options.workspace), ".git");
  const dir = path.resolve(options.dir);
  const budget = options.copyBudgetBytes ?? DEFAULT_GIT_COPY_BUDGET;
  const log = createSnapshotLog(path.join(dir, "snapshots.jsonl"));
  const blobs = createBlobStore(path.join(dir, "blobs"));
  const dirs = createDirCache();
  /** Write-once files present at the last snapshot, by directory, and those that could not be backed up. */
  const objectsByDir = new Map<string, Set<string>>();
  const subdirsByDir = new Map<string, string[]>();
  /** Subdirectories of object directories that hold rewritten files (`objects/info`). */
  const mutableSubdirsByDir = new Map<string, string[]>();
  const unlinkable = new Map<string, number>();
  const versions = new Map<string, FileVersion>();
  const madeDirs = new Set<string>();
  let last: SnapshotLine | null = null;
  let seq = 0;

  function mirror(rel: string, remaining: { bytes: number }): boolean {
    const source = path.join(gitDir, rel);
    const target = path.join(dir, "objects", rel);
    const parent = path.dirname(target);
    if (!madeDirs.has(parent)) {
      makeDirSync(parent, { mode: 0o700 });
      madeDirs.add(parent);
    }
    try {
      linkSync(source, target);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return true; // written once, named by content: the same object
      if (code === "ENOENT") return false;
    }
    // No hard link across filesystems (or where links are refused): copy while the budget lasts.
    try {
      const size = lstatSync(source).size;
      if (size > remaining.bytes) return false;
      copyFileSync(source, target);
      remaining.bytes -= size;
      return true;
    } catch {
      return false;
    }
  }

  type Entries = NonNullable<ReturnType<typeof dirs.list>>["entries"];

  async function take(): Promise<string | null> {
    await options.pace?.();
    const root = dirs.list(gitDir);
    if (!root) return null;
    let sliceStart = performance.now();
    const yieldSometimes = async () => {
      if (performance.now() - sliceStart < SLICE_MS) return;
      await new Promise((resolve) => setImmediate(resolve));
      await options.pace?.();
      sliceStart = performance.now();
    };
    const remaining = { bytes: budget };
    const visited = new Set<string>();
    const files: Record<string, string> = {};
    const unprotected: Record<string, number> = {};
    const added: string[] = [];
    const removed: string[] = [];

    /** A directory of write-once files: only a changed listing is looked at entry by entry. */
    const objectDir = async (rel: string): Promise<void> => {
      await yieldSometimes();
      const listing = dirs.list(path.join(gitDir, rel));
      if (!listing) return;
      visited.add(rel);
      const known = objectsByDir.get(rel);
      const subdirs: string[] = [];
      const mutableSubdirs: string[] = [];
      if (known && !listing.changed) {
        for (const sub of mutableSubdirsByDir.get(rel) ?? []) await walkDir(sub);
        for (const sub of subdirsByDir.get(rel) ?? []) await objectDir(sub);
        // Usually nothing is unlinkable (the backup is on the workspace's filesystem): no walk over every name.
        if (unlinkable.size > 0) {
          for (const name of known) {
            const size = unlinkable.get(`${rel}/${name}`);
            if (size !== undefined) unprotected[`${rel}/${name}`] = size;
          }
        }
        return;
      }
      const names = new Set<string>();
      for (const entry of listing.entries) {
        const child = `${rel}/${entry.name}`;
        if (entry.isDirectory()) {
          const kind = classifyDir(child);
          if (kind === "object") {
            subdirs.push(child);
            await objectDir(child);
          } else if (kind === "walk") {
            mutableSubdirs.push(child);
            await walkDir(child);
          }
          continue;
        }
        const kind = classify(child);
        if (!entry.isFile() || kind !== "object") continue;
        names.add(entry.name);
        if (known?.has(entry.name)) {
          const size = unlinkable.get(child);
          if (size !== undefined) unprotected[child] = size;
          continue;
        }
        await yieldSometimes();
        if (mirror(child, remaining)) added.push(child);
        else {
          const size = safeSize(path.join(gitDir, child));
          unlinkable.set(child, size);
          unprotected[child] = size;
        }
      }
      for (const name of known ?? []) if (!names.has(name)) removed.push(`${rel}/${name}`);
      objectsByDir.set(rel, names);
      subdirsByDir.set(rel, subdirs);
      mutableSubdirsByDir.set(rel, mutableSubdirs);
    };

    const walk = async (rel: string, entries: Entries): Promise<void> => {
      for (const entry of entries) {
        await yieldSometimes();
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          const kind = classifyDir(child);
          if (kind === "object") await objectDir(child);
          else if (kind === "walk") await walkDir(child);
          continue;
        }
        const kind = classify(child);
        if (kind === "skip" || kind === "state" || !entry.isFile()) continue;
        const full = path.join(gitDir, child);
        let stamp: string;
        let size: number;
        try {
          const st = lstatSync(full, { bigint: true });
          stamp = `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
          size = Number(st.size);
        } catch {
          continue;
        }
        const known = versions.get(child);
        if (known?.stamp === stamp) {
          files[child] = known.sha;
          continue;
        }
        if (size > remaining.bytes) {
          unprotected[child] = size;
          continue;
        }
        const sha = blobs.put(full);
        if (!sha) continue;
        remaining.bytes -= size;
        versions.set(child, { stamp, sha });
        files[child] = sha;
      }
    };
    async function walkDir(rel: string): Promise<void> {
      const listing = dirs.list(path.join(gitDir, rel));
      if (listing) await walk(rel, listing.entries);
    }
    await walk("", root.entries);
    dirs.sweep();
    // Object directories that disappeared (a pruned fan-out directory, a deleted objects/): all gone.
    for (const [rel, names] of objectsByDir) {
      if (visited.has(rel)) continue;
      for (const name of names) removed.push(`${rel}/${name}`);
      objectsByDir.delete(rel);
      subdirsByDir.delete(rel);
      mutableSubdirsByDir.delete(rel);
    }
    for (const p of versions.keys()) if (!(p in files)) versions.delete(p);
    if (
      last &&
      added.length === 0 &&
      removed.length === 0 &&
      sameRecord(last.files, files) &&
      sameRecord(last.unprotected ?? {}, unprotected)
    ) {
      return last.id;
    }
    seq += 1;
    const line: SnapshotLine = { id: newSnapshotId(seq), base: last?.id ?? null, time: Date.now(), files };
    if (added.length) line.added = added;
    if (removed.length) line.removed = removed;
    if (Object.keys(unprotected).length) line.unprotected = unprotected;
    log.append(line);
    last = line;
    return line.id;
  }

  return { gitDir, dir, log, blobs, take };
}

function safeSize(file: string): number {
  try {
    return lstatSync(file).size;
  } catch {
    return 0;
  }
}

export function sameRecord<T>(a: Record<string, T>, b: Record<string, T>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => b[k] === a[k]);
}
