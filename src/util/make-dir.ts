/**
 * `mkdir -p` that always ends. Node's own `mkdir(path, { recursive: true })` never settles (and its sync form
 * never returns) when the kernel answers ENOENT for a folder whose parent exists — any path under `/proc` or
 * `/sys`, e.g. `TANDEM_HOME=/proc/nonexistent`: it re-creates the parent, retries the child, gets ENOENT again,
 * forever, at 40 % of a core. Here each level is made once; a level that still cannot be made is an error.
 */
import { mkdirSync, statSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";

export interface MakeDirOptions {
  /** Mode of each folder created. Default 0o777 (less the umask), as `mkdir`. */
  mode?: number;
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

function notADirectory(dir: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: "ENOTDIR", path: dir });
}

/** Creates `dir` and any missing parents. Resolves once it is a folder; rejects with the system's error else. */
export async function makeDir(dir: string, options: MakeDirOptions = {}): Promise<void> {
  const absolute = path.resolve(dir);
  try {
    await mkdir(absolute, { mode: options.mode });
    return;
  } catch (error) {
    const code = codeOf(error);
    if (code === "EEXIST") {
      if ((await stat(absolute)).isDirectory()) return;
      throw notADirectory(absolute);
    }
    const parent = path.dirname(absolute);
    if (code !== "ENOENT" || parent === absolute) throw error;
    await makeDir(parent, options);
  }
  // The parent exists now: one more try, whose error (ENOENT again on a pseudo file system) is final.
  try {
    await mkdir(absolute, { mode: options.mode });
  } catch (error) {
    if (codeOf(error) !== "EEXIST") throw error;
    if (!(await stat(absolute)).isDirectory()) throw notADirectory(absolute);
  }
}

/** `makeDir`, synchronously. */
export function makeDirSync(dir: string, options: MakeDirOptions = {}): void {
  const absolute = path.resolve(dir);
  try {
    mkdirSync(absolute, { mode: options.mode });
    return;
  } catch (error) {
    const code = codeOf(error);
    if (code === "EEXIST") {
      if (statSync(absolute).isDirectory()) return;
      throw notADirectory(absolute);
    }
    const parent = path.dirname(absolute);
    if (code !== "ENOENT" || parent === absolute) throw error;
    makeDirSync(parent, options);
  }
  try {
    mkdirSync(absolute, { mode: options.mode });
  } catch (error) {
    if (codeOf(error) !== "EEXIST") throw error;
    if (!statSync(absolute).isDirectory()) throw notADirectory(absolute);
  }
}
