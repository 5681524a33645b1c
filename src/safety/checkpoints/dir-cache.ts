/**
 * Directory listings that cost one `stat` when nothing changed: a directory's mtime moves whenever an entry is
 * added, removed or renamed, so an unchanged stamp means an unchanged listing. The before-step snapshots of the
 * git directory and of ignored files walk the same directories before every step; this keeps that walk a stat
 * per directory instead of a readdir per directory.
 *
 * Racy stamps (as in git's racy-index rule): a directory changed in the same clock tick as our read can keep its
 * mtime, so a listing read less than RACY_MS after the directory's mtime is re-read next time (and compared by
 * names, so the caller still learns whether it really changed).
 */
import { type Dirent, readdirSync, statSync } from "node:fs";

const RACY_MS = 20;

export interface DirListing {
  /** Entry names with their kind (directory, file, symlink...). */
  entries: Dirent[];
  /** True when the names differ from the previous listing of this directory (or there was none). */
  changed: boolean;
}

/**
 * What identifies a directory's state: inode, mtime and ctime. Kept as numbers (ms with a fraction): this stat
 * runs for every directory before every step, and the bigint stat with a string stamp cost about twice as much.
 * A double keeps sub-microsecond steps at today's epoch, finer than any filesystem's timestamp granularity
 * that matters here (the racy rule covers changes within one tick).
 */
interface Cached {
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
  readAt: number;
  entries: Dirent[];
  names: string;
}

export interface DirCache {
  /** The directory's entries; null when it is missing or not a directory. */
  list(dir: string): DirListing | null;
  /** Forgets directories that were not listed since the last `sweep` (deleted or no longer walked). */
  sweep(): void;
}

/** A per-process cache; nothing is persisted (a new process reads every directory once). */
export function createDirCache(): DirCache {
  const cache = new Map<string, Cached>();
  const seen = new Set<string>();
  return {
    list(dir) {
      seen.add(dir);
      let st: ReturnType<typeof statSync>;
      try {
        // No exception for a missing directory (a pruned fan-out directory is usual, and throwing costs).
        st = statSync(dir, { throwIfNoEntry: false });
      } catch {
        st = undefined;
      }
      if (!st) {
        cache.delete(dir);
        return null;
      }
      if (!st.isDirectory()) return null;
      const previous = cache.get(dir);
      const { ino, mtimeMs, ctimeMs } = st;
      if (
        previous &&
        previous.ino === ino &&
        previous.mtimeMs === mtimeMs &&
        previous.ctimeMs === ctimeMs &&
        previous.readAt - previous.mtimeMs > RACY_MS
      ) {
        return { entries: previous.entries, changed: false };
      }
      const readAt = Date.now();
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        cache.delete(dir);
        return null;
      }
      const names = entries
        .map((e) => e.name)
        .sort()
        .join("\0");
      cache.set(dir, { ino, mtimeMs, ctimeMs, readAt, entries, names });
      return { entries, changed: previous?.names !== names };
    },
    sweep() {
      for (const dir of cache.keys()) if (!seen.has(dir)) cache.delete(dir);
      seen.clear();
    },
  };
}
