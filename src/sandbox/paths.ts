/** Small filesystem questions the sandbox asks about paths, never following a link unless it says so. */
import { lstatSync } from "node:fs";
import { sep } from "node:path";
import { realOrSelf } from "../util/inside.ts";

export { realOrSelf };

/** What is at `path` itself (a symlink is reported as such, not followed). */
export function kindOf(path: string): "dir" | "file" | "symlink" | "missing" {
  // No exception for the common "missing" answer: wrap() asks this for dozens of paths per command.
  const s = lstatSync(path, { throwIfNoEntry: false });
  if (!s) return "missing";
  if (s.isSymbolicLink()) return "symlink";
  return s.isDirectory() ? "dir" : "file";
}

/** True when `path` is `root` or below it (both absolute, normalized). */
export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
