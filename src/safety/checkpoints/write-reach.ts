/**
 * Whether a write to a path can land inside a directory: the path with every symlink followed, also a dangling
 * one and one in a folder that does not exist yet (a write creates them). The step backups ask it for the paths a
 * file tool declares, to leave the git directory unwalked for a step that cannot change it.
 */
import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import { isInside, realOrSelf } from "../../util/inside.ts";

/** Symlink hops followed before a path counts as reaching anywhere (the kernel's own limit is 40). */
const MAX_HOPS = 40;

/** True when writing `file` (absolute) may change something inside `dir` (absolute). Errs towards true. */
export function writeReaches(file: string, dir: string): boolean {
  const target = resolvedForWrite(file);
  if (target === null) return true;
  return [dir, realOrSelf(dir)].some((d) => isInside(d, target));
}

/** A path's components, without empty ones and `.` (which name the folder itself). */
function parts(p: string): string[] {
  return p.split(path.sep).filter((x) => x !== "" && x !== ".");
}

/** The path a write would reach, symlinks followed component by component; null after too many hops. */
function resolvedForWrite(file: string): string | null {
  const whole = path.resolve(file);
  try {
    return realpathSync(whole); // the usual case: the file exists, one call resolves it all
  } catch {
    // missing (a new file, a dangling link, a new folder): resolve what exists, one component at a time
  }
  let hops = 0;
  let current = path.parse(whole).root;
  const pending = parts(whole.slice(current.length));
  while (pending.length > 0) {
    const name = pending.shift() as string;
    // `..` after a resolved prefix is its parent, as the kernel reads it (a link's own `..` included).
    if (name === "..") {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, name);
    let link: string | undefined;
    try {
      if (lstatSync(next).isSymbolicLink()) link = readlinkSync(next);
    } catch {
      link = undefined; // missing: the write creates it here
    }
    if (link === undefined) {
      current = next;
      continue;
    }
    if (++hops > MAX_HOPS) return null;
    if (path.isAbsolute(link)) current = path.parse(link).root;
    pending.unshift(...parts(path.isAbsolute(link) ? link.slice(current.length) : link));
  }
  return current;
}
