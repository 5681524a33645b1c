/**
 * The one write path the mount sandbox cannot close: a file in the workspace that is a hard link to a file
 * outside it (made beforehand, outside the sandbox) shares that file's inode, so writing through it changes the
 * outside file. (The sandbox itself cannot create such links: link() across mounts fails with EXDEV.) This scan
 * finds them so the app can warn at session start; it does not block them.
 */
import { lstat, opendir } from "node:fs/promises";
import { join } from "node:path";

export interface HardLinkScanOptions {
  /** Stop after visiting this many entries (a huge tree is reported as `truncated`). Default 50,000. */
  maxEntries?: number;
  /** Report at most this many paths. Default 20. */
  maxReported?: number;
}

export interface HardLinkScan {
  /** Files whose inode has links that were not all found inside the root, i.e. some link lives outside. */
  linkedOutside: string[];
  /** How many such files there are in total (`linkedOutside` is capped). */
  count: number;
  /** Entries visited. */
  scanned: number;
  /** True when `maxEntries` stopped the walk early: absence of findings then proves nothing. */
  truncated: boolean;
}

/** Walks `root` (not following symlinks) for regular files with links outside it. */
export async function findOutsideHardLinks(
  root: string,
  options: HardLinkScanOptions = {},
): Promise<HardLinkScan> {
  const maxEntries = options.maxEntries ?? 50_000;
  const maxReported = options.maxReported ?? 20;
  const inodes = new Map<string, { seen: number; nlink: number; path: string }>();
  const stack = [root];
  let scanned = 0;
  let truncated = false;
  walk: while (stack.length > 0) {
    const dir = stack.pop() as string;
    let handle: Awaited<ReturnType<typeof opendir>>;
    try {
      handle = await opendir(dir);
    } catch {
      continue; // unreadable: nothing we can say about it
    }
    for await (const entry of handle) {
      if (++scanned > maxEntries) {
        truncated = true;
        break walk;
      }
      const path = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile()) {
        const stat = await lstat(path).catch(() => undefined);
        if (!stat || stat.nlink < 2) continue;
        const key = `${stat.dev}:${stat.ino}`;
        const known = inodes.get(key);
        if (known) known.seen++;
        else inodes.set(key, { seen: 1, nlink: stat.nlink, path });
      }
    }
  }
  const outside = [...inodes.values()].filter((i) => i.seen < i.nlink).map((i) => i.path);
  return { linkedOutside: outside.slice(0, maxReported), count: outside.length, scanned, truncated };
}
