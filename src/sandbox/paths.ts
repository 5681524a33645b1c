/** Small filesystem questions the sandbox asks about paths, never following a link unless it says so. */
import { lstatSync, realpathSync } from "node:fs";
import { sep } from "node:path";

/** What is at `path` itself (a symlink is reported as such, not followed). */
export function kindOf(path: string): "dir" | "file" | "symlink" | "missing" {
  try {
    const s = lstatSync(path);
    if (s.isSymbolicLink()) return "symlink";
    return s.isDirectory() ? "dir" : "file";
  } catch {
    return "missing";
  }
}

/** The real path, or `path` unchanged when it does not exist. */
export function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** True when `path` is `root` or below it (both absolute, normalized). */
export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
