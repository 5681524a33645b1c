/** Where a file tool's path lands: inside the workspace or not, with symlinks resolved. */
import { realpathSync } from "node:fs";
import path from "node:path";
import { isInside as isPathInside } from "../util/inside.ts";

/** The real path of `p`, resolving symlinks through its nearest existing ancestor (the file may not exist yet). */
export function realPathOf(p: string): string {
  let current = path.resolve(p);
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(current), ...tail);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.join(current, ...tail);
      tail.unshift(path.basename(current));
      current = parent;
    }
  }
}

export function isInside(root: string, p: string): boolean {
  return isPathInside(realPathOf(root), realPathOf(p));
}
