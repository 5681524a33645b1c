/**
 * Puts an overlay run's changes (overlay.ts) into the workspace: what the command created or changed is linked
 * in from the upper folder (copied when the two are on different filesystems), with its mode and times; what it
 * deleted is deleted. The caller removes the upper folder afterwards.
 *
 * Deletions are where overlayfs is subtle: a deleted entry is a whiteout in the upper folder (a character device
 * 0:0), but a folder deleted and made again is an *opaque* folder, marked only by an extended attribute
 * (`user.overlay.opaque`), which Node cannot read. So the truth for every folder the command touched is taken from
 * the overlay itself: it is mounted once more (its own namespace, nothing else in it), and the merged view of each
 * folder present in the upper folder is listed. An entry of the workspace that view does not show was deleted,
 * whatever the marker. Should that mount fail (a crash left the upper folder and overlay is gone), whiteouts are
 * still applied and the result says opaque folders could not be.
 *
 * Idempotent: a merge stopped half-way (a crash) is run again from the start with the same result: the upper
 * folder is only read.
 */
import {
  chmod,
  copyFile,
  link,
  lstat,
  mkdir,
  readdir,
  readlink,
  rename,
  rm,
  symlink,
  utimes,
} from "node:fs/promises";
import path from "node:path";
import { messageOf } from "../util/message-of.ts";
import { type OverlayDirs, overlayArgv, overlayNameable, runQuiet } from "./overlay.ts";

export interface OverlayMerge {
  /** Entries written into the workspace (files, links, folders made). */
  written: number;
  /** Entries deleted from the workspace. */
  deleted: number;
  /** What could not be done exactly, for the user (empty when the merge is exact). */
  notes: string[];
}

/**
 * Lists, with the overlay mounted, every entry the merged view shows in each folder of the upper folder: a map
 * from the folder (relative, `""` for the top) to its names. Null when the overlay cannot be mounted.
 */
export async function mergedListing(
  workspace: string,
  dirs: OverlayDirs,
): Promise<Map<string, Set<string>> | null> {
  if (!overlayNameable(workspace, dirs.upper, dirs.work)) return null;
  // In the namespace the workspace path shows the overlay. One `find` per batch of folders, not per folder.
  const script =
    'cd "$1" && find . -type d -print0 | (cd "$2" && xargs -0 -r sh -c \'exec find "$@" -mindepth 1 -maxdepth 1 -printf "%p\\0"\' sh)';
  const chunks: Buffer[] = [];
  const run = await runQuiet(
    overlayArgv(workspace, dirs, ["sh", "-c", script, "sh", dirs.upper, workspace]),
    (chunk) => chunks.push(chunk),
  );
  if (run.code !== 0) return null;
  const listing = new Map<string, Set<string>>();
  for (const entry of Buffer.concat(chunks).toString("utf8").split("\0")) {
    if (!entry.startsWith("./")) continue;
    const relative = entry.slice(2);
    const parent = path.dirname(relative);
    const key = parent === "." ? "" : parent;
    const names = listing.get(key) ?? new Set<string>();
    listing.set(key, names);
    names.add(path.basename(relative));
  }
  return listing;
}

/** Merges `dirs.upper` into `workspace` (see the file's comment). Never rejects: a failure is a note. */
export async function mergeOverlay(workspace: string, dirs: OverlayDirs): Promise<OverlayMerge> {
  const result: OverlayMerge = { written: 0, deleted: 0, notes: [] };
  const listing = await mergedListing(workspace, dirs);
  if (!listing)
    result.notes.push(
      "the overlay could not be mounted again to list what the command deleted: deletions were applied, but a folder it deleted and made again may keep old files",
    );
  try {
    await mergeFolder("", listing, workspace, dirs.upper, result);
  } catch (error) {
    result.notes.push(`merging the command's changes failed part-way (${messageOf(error)})`);
  }
  return result;
}

async function removeEntry(target: string, result: OverlayMerge): Promise<void> {
  if (!(await lstat(target).catch(() => null))) return;
  await rm(target, { recursive: true, force: true });
  result.deleted++;
}

async function mergeFolder(
  relative: string,
  listing: Map<string, Set<string>> | null,
  workspace: string,
  upper: string,
  result: OverlayMerge,
): Promise<void> {
  const from = path.join(upper, relative);
  const to = path.join(workspace, relative);
  const entries = await readdir(from, { withFileTypes: true });
  if (listing) {
    const shown = listing.get(relative) ?? new Set<string>();
    for (const name of await readdir(to).catch(() => [] as string[]))
      if (!shown.has(name)) await removeEntry(path.join(to, name), result);
  }
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    const info = await lstat(source);
    const current = await lstat(target).catch(() => null);
    if (info.isCharacterDevice() && info.rdev === 0) {
      await removeEntry(target, result); // a whiteout
    } else if (info.isDirectory()) {
      if (current && !current.isDirectory()) await removeEntry(target, result);
      if (!current?.isDirectory()) {
        await mkdir(target, { mode: 0o700 });
        result.written++;
      }
      await mergeFolder(path.join(relative, entry.name), listing, workspace, upper, result);
      await chmod(target, info.mode & 0o7777);
      await utimes(target, info.atime, info.mtime);
    } else if (info.isSymbolicLink()) {
      if (current) await rm(target, { recursive: true, force: true });
      await symlink(await readlink(source), target);
      result.written++;
    } else if (info.isFile()) {
      // A link or folder in the way is replaced, never written through.
      if (current && !current.isFile()) await rm(target, { recursive: true, force: true });
      await moveFile(source, target, info);
      result.written++;
    } else {
      result.notes.push(`${path.join(relative, entry.name)} is a special file; it was left out`);
    }
  }
}

/**
 * A hard link renamed into place: no data copied, mode and times kept, and the upper folder stays whole until the
 * merge is done (a merge run again must see the same upper folder). Across filesystems, a copy given them.
 */
async function moveFile(source: string, target: string, info: { mode: number; atime: Date; mtime: Date }) {
  const temporary = `${target}.tandem-merge-${process.pid}`;
  try {
    await link(source, temporary);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await copyFile(source, temporary);
    await chmod(temporary, info.mode & 0o7777);
    await utimes(temporary, info.atime, info.mtime);
  }
  await rename(temporary, target);
}
