/**
 * Whether a path lies in a folder, and a path's real location when it exists: the two questions the sandbox, the
 * tools and the step backups all ask about paths.
 */
import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";

/**
 * `path` relative to `root` when it is `root` ("") or below it, else undefined. Both must be absolute. A name
 * that merely starts with `..` (`..notes`) is inside: only a `..` component leaves.
 */
export function relativeInside(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  return rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel;
}

/** True when `path` is `root` or below it. Both must be absolute. */
export function isInside(root: string, path: string): boolean {
  return relativeInside(root, path) !== undefined;
}

/** The real path, or `path` unchanged when it does not exist (or cannot be resolved). */
export function realOrSelf(path: string): string {
  if (!existsSync(path)) return path;
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
