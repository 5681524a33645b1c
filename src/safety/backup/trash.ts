/**
 * Paths a command would delete (`rm -r`, `git clean`): what they hold, and a trash that makes the deletion
 * reversible. `trashPaths` MOVES them (same filesystem: a rename, instant at any size), so `rm` then finds nothing;
 * `backupPaths` leaves them in place and keeps a hard-linked copy (no data copied; falls back to a real copy across
 * filesystems), so the original command can run unchanged.
 */
import {
  copyFile,
  cp,
  link,
  lstat,
  mkdir,
  readdir,
  readlink,
  rename,
  rm,
  rmdir,
  symlink,
} from "node:fs/promises";
import path from "node:path";
import { isInside } from "../../util/inside.ts";
import { makeDir } from "../../util/make-dir.ts";
import { atomicWrite } from "../checkpoints/shadow-repo.ts";
import { stamp } from "./repo.ts";
import type { PathInfo, PathType, RestoreReport, TrashBackup } from "./types.ts";

export interface RmInspection {
  /** Existing paths inside the workspace. */
  inside: PathInfo[];
  /** Existing paths outside the workspace: report these to the user separately. */
  outside: PathInfo[];
  /** Paths that do not exist (rm -f ignores them). */
  missing: string[];
  totals: { files: number; bytes: number };
}

function typeOf(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): PathType {
  return st.isSymbolicLink() ? "symlink" : st.isDirectory() ? "dir" : st.isFile() ? "file" : "other";
}

/** Entries counted per path before giving up (`rm -rf ~` must not stall the guard). */
const MAX_WALK_ENTRIES = 200_000;

/**
 * Describes one path without following symlinks (as `rm -r` does); null when it does not exist. Past 200,000
 * entries counting stops and `partial` is set: the counts are then lower bounds.
 */
export async function describePath(cwd: string, p: string): Promise<PathInfo | null> {
  const absolute = path.resolve(cwd, p);
  let st: Awaited<ReturnType<typeof lstat>>;
  try {
    st = await lstat(absolute);
  } catch {
    return null;
  }
  const info: PathInfo = { path: p, absolute, type: typeOf(st), files: 0, bytes: 0 };
  if (info.type !== "dir") return { ...info, files: 1, bytes: st.size };
  let seen = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (++seen > MAX_WALK_ENTRIES) {
        info.partial = true;
        return;
      }
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else {
        info.files++;
        info.bytes += (await lstat(full).catch(() => ({ size: 0 }))).size;
      }
    }
  };
  await walk(absolute);
  return info;
}

/** What `rm -r <paths>` run in `cwd` would remove. `workspace` default: cwd. */
export async function inspectRm(cwd: string, paths: string[], workspace = cwd): Promise<RmInspection> {
  const result: RmInspection = { inside: [], outside: [], missing: [], totals: { files: 0, bytes: 0 } };
  const root = path.resolve(workspace);
  for (const p of paths) {
    const info = await describePath(cwd, p);
    if (!info) {
      result.missing.push(p);
      continue;
    }
    // The workspace root itself counts as inside (`rm -rf .` deletes the whole project).
    const inside = isInside(root, info.absolute);
    (inside ? result.inside : result.outside).push(info);
    result.totals.files += info.files;
    result.totals.bytes += info.bytes;
  }
  return result;
}

/** Moves `paths` (relative to cwd) into `<trashDir>/<stamp>/`; missing ones are skipped. */
export function trashPaths(cwd: string, paths: string[], trashDir: string): Promise<TrashBackup> {
  return stash(cwd, paths, trashDir, "move");
}

/** Keeps a hard-linked copy of `paths` in `<trashDir>/<stamp>/`, leaving the originals where they are. */
export function backupPaths(cwd: string, paths: string[], trashDir: string): Promise<TrashBackup> {
  return stash(cwd, paths, trashDir, "copy");
}

/**
 * Keeps a copy of `paths` that restore puts back byte for byte, whatever happened to them since. Files for which
 * `link(path)` is true are hard-linked (for files that are only ever deleted or replaced, never written in place,
 * such as git's objects); the others are copied, since a hard link would see an in-place write too.
 */
export function snapshotPaths(
  cwd: string,
  paths: string[],
  trashDir: string,
  link: (absolute: string) => boolean = () => false,
): Promise<TrashBackup> {
  return stash(cwd, paths, trashDir, "snapshot", link);
}

async function stash(
  cwd: string,
  paths: string[],
  trashDir: string,
  mode: TrashBackup["mode"],
  link: (absolute: string) => boolean = () => true,
): Promise<TrashBackup> {
  const dir = path.join(path.resolve(trashDir), stamp());
  const record: TrashBackup = { kind: "trash", created_at: new Date().toISOString(), mode, dir, entries: [] };
  await makeDir(dir);
  // A path nested in one already handled is skipped: moved along with its parent (found missing), or already
  // inside a copy.
  for (const [index, p] of paths.entries()) {
    const original = path.resolve(cwd, p);
    let st: Awaited<ReturnType<typeof lstat>>;
    try {
      st = await lstat(original);
    } catch {
      continue;
    }
    if (record.entries.some((e) => mode !== "move" && isInside(e.original, original))) continue;
    const slot = path.join(dir, String(index));
    await mkdir(slot);
    const stored = path.join(slot, path.basename(original) || "root");
    if (mode === "move") await moveAcross(original, stored);
    else await linkCopy(original, stored, link);
    record.entries.push({ original, stored, type: typeOf(st) });
  }
  await atomicWrite(path.join(dir, "record.json"), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/**
 * Puts trashed paths back. A path that exists again is merged: missing files inside it come back, files that
 * exist are left as they are and reported as conflicts (their backup stays in the trash).
 */
export async function restorePaths(record: TrashBackup): Promise<RestoreReport> {
  const report: RestoreReport = { restored: [], conflicts: [], notes: [] };
  for (const entry of record.entries) {
    const before = report.conflicts.length;
    await mergeBack(entry.stored, entry.original, record.mode, report);
    if (report.conflicts.length === before) report.restored.push(entry.original);
  }
  if (report.conflicts.length === 0) await rm(record.dir, { recursive: true, force: true });
  else report.notes.push(`Conflicting copies kept in ${record.dir}.`);
  return report;
}

async function mergeBack(
  stored: string,
  original: string,
  mode: TrashBackup["mode"],
  report: RestoreReport,
): Promise<void> {
  let storedStat: Awaited<ReturnType<typeof lstat>>;
  try {
    storedStat = await lstat(stored);
  } catch {
    return;
  }
  let current: Awaited<ReturnType<typeof lstat>> | null = null;
  try {
    current = await lstat(original);
  } catch {
    current = null;
  }
  if (!current) {
    await makeDir(path.dirname(original));
    await moveAcross(stored, original);
    return;
  }
  if (current.isDirectory() && storedStat.isDirectory()) {
    for (const name of await readdir(stored)) {
      await mergeBack(path.join(stored, name), path.join(original, name), mode, report);
    }
    await rmdir(stored).catch(() => undefined);
    return;
  }
  // A hard-linked copy of a file that was never deleted: nothing to restore.
  if (mode !== "move" && current.ino === storedStat.ino && current.dev === storedStat.dev) {
    await rm(stored, { force: true });
    return;
  }
  if (mode === "snapshot") {
    // The step changed it: the kept bytes replace it (a directory or link in its place included).
    await rm(original, { recursive: true, force: true });
    await moveAcross(stored, original);
    return;
  }
  report.conflicts.push(original);
}

async function moveAcross(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await cp(from, to, {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
      errorOnExist: true,
      force: false,
    });
    await rm(from, { recursive: true, force: true });
  }
}

/**
 * Mirrors `from` at `to`: directories recreated, files hard-linked where `linkable` says so (copied when linking
 * is impossible), copied otherwise.
 */
async function linkCopy(from: string, to: string, linkable: (absolute: string) => boolean): Promise<void> {
  const st = await lstat(from);
  if (st.isDirectory()) {
    await mkdir(to, { mode: st.mode & 0o7777 });
    for (const name of await readdir(from))
      await linkCopy(path.join(from, name), path.join(to, name), linkable);
  } else if (st.isSymbolicLink()) {
    await symlink(await readlink(from), to);
  } else if (linkable(from)) {
    try {
      await link(from, to);
    } catch {
      await copyFile(from, to);
    }
  } else await copyFile(from, to);
}
