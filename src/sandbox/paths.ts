/** Small filesystem questions the sandbox asks about paths, never following a link unless it says so. */
import { existsSync, lstatSync, realpathSync } from "node:fs";
import { sep } from "node:path";

/** What is at `path` itself (a symlink is reported as such, not followed). */
export function kindOf(path: string): "dir" | "file" | "symlink" | "missing" {
  // No exception for the common "missing" answer: wrap() asks this for dozens of paths per command.
  const s = lstatSync(path, { throwIfNoEntry: false });
  if (!s) return "missing";
  if (s.isSymbolicLink()) return "symlink";
  return s.isDirectory() ? "dir" : "file";
}

/** The real path, or `path` unchanged when it does not exist. */
export function realOrSelf(path: string): string {
  if (!existsSync(path)) return path;
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
