/** Whether anything (a file, a folder, a dangling symlink) is at `path`, without following a last symlink. */
import { lstat } from "node:fs/promises";

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
