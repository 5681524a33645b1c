/**
 * An empty, read-only regular file to mount over hidden files. /dev/null would hide them too, but bubblewrap
 * mounts it `nodev`, so reading fails with EACCES and tools such as npm (for ~/.npmrc) or git (for a missing
 * .git/config placeholder) error out; an empty file reads as "no settings".
 *
 * It lives in `<os.tmpdir()>/tandem-sandbox-<uid>/empty`, shared by all tandem processes of the user (like
 * tmux's socket dir), so nothing needs cleaning up. The directory is used only if it is a real directory owned
 * by us with mode 0700, so another user cannot plant the file; otherwise a private fresh one is made.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function ownedPrivateDir(dir: string): boolean {
  try {
    const s = lstatSync(dir);
    return s.isDirectory() && s.uid === process.getuid?.() && (s.mode & 0o777) === 0o700;
  } catch {
    return false;
  }
}

function isOurEmptyFile(file: string): boolean {
  try {
    const s = lstatSync(file);
    return s.isFile() && s.size === 0 && s.uid === process.getuid?.();
  } catch {
    return false;
  }
}

let fallbackDir: string | undefined;

/**
 * The user's private sandbox folder. `shared` is false when the shared one could not be used and a private
 * fresh one (this process's only) stands in: then nothing in it is seen by the user's other tandem processes.
 */
export function sandboxStateDir(): { dir: string; shared: boolean } {
  const dir = join(tmpdir(), `tandem-sandbox-${process.getuid?.() ?? "user"}`);
  if (!existsSync(dir)) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch {
      // made by another process meanwhile (checked next) or cannot be made (fallback)
    }
  }
  if (ownedPrivateDir(dir)) return { dir, shared: true };
  if (!fallbackDir || !ownedPrivateDir(fallbackDir))
    fallbackDir = mkdtempSync(join(tmpdir(), "tandem-sandbox-"));
  return { dir: fallbackDir, shared: false };
}

/** The path of the empty file, (re)creating it if a temp cleaner removed it. */
export function emptyFile(): string {
  const { dir } = sandboxStateDir();
  const file = join(dir, "empty");
  if (!isOurEmptyFile(file)) {
    rmSync(file, { force: true });
    try {
      writeFileSync(file, "", { mode: 0o444, flag: "wx" });
    } catch (error) {
      // Another tandem process created it in between; verified below.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (!isOurEmptyFile(file)) throw new Error(`sandbox: cannot create the empty placeholder file ${file}`);
  }
  return file;
}
