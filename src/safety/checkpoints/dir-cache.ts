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
import { type BigIntStats, type Dirent, readdirSync, statSync } from "node:fs";

const RACY_MS = 20n;

export interface DirListing {
  /** Entry names with their kind (directory, file, symlink...). */
  entries: Dirent[];
  /** True when the names differ from the previous listing of this directory (or there was none). */
  changed: boolean;
}

interface Cached {
  stamp: string;
  mtimeMs: bigint;
  readAt: bigint;
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
      let st: BigIntStats;
      try {
        st = statSync(dir, { bigint: true });
      } catch {
        cache.delete(dir);
        return null;
      }
      if (!st.isDirectory()) return null;
      const stamp = `${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
      const previous = cache.get(dir);
      const mtimeMs = st.mtimeNs / 1_000_000n;
      if (previous && previous.stamp === stamp && previous.readAt - previous.mtimeMs > RACY_MS) {
        return { entries: previous.entries, changed: false };
      }
      const readAt = BigInt(Date.now());
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
      cache.set(dir, { stamp, mtimeMs, readAt, entries, names });
      return { entries, changed: previous?.names !== names };
    },
    sweep() {
      for (const dir of cache.keys()) if (!seen.has(dir)) cache.delete(dir);
      seen.clear();
    },
  };
}
