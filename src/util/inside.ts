/**
 * Whether a path lies in a folder, and a path's real location when it exists: the two questions the sandbox, the
 * tools and the step backups all ask about paths.
 */
import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";

/** True when `path` is `root` or below it. Both must be absolute; `..foo` inside `root` counts as inside. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
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
