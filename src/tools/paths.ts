/**
 * Path handling shared by the file tools. Relative paths resolve against the workspace (`ctx.cwd`); absolute
 * paths and `~` are allowed, because the model must be able to read files tandem points it to outside the
 * workspace (e.g. a shell call's full output in the temp dir). Confinement is the sandbox's and the gate's job.
 */
import { homedir } from "node:os";
import { isAbsolute, relative, resolve } from "node:path";
import { isInside } from "../util/inside.ts";

export { isInside };

/** Resolves `path` (relative to `cwd`, absolute, or starting with `~/`) to an absolute, normalized path. */
export function resolvePath(cwd: string, path: string | undefined): string {
  const p = (path ?? "").trim();
  if (p === "" || p === ".") return resolve(cwd);
  if (p === "~") return homedir();
  if (p.startsWith("~/")) return resolve(homedir(), p.slice(2));
  return isAbsolute(p) ? resolve(p) : resolve(cwd, p);
}

/**
 * How a path is shown to the model: relative to the workspace when inside it (shorter, and what the model
 * passes back), absolute otherwise. Always with forward slashes on POSIX.
 */
export function displayPath(cwd: string, absPath: string): string {
  if (!isInside(cwd, absPath)) return absPath;
  const rel = relative(cwd, absPath);
  return rel === "" ? "." : rel;
}
