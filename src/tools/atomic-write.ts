/**
 * Atomic file replacement: the new bytes go to a temp file in the target's folder (same filesystem), are
 * flushed, then renamed over the target. A reader sees either the old file or the new one, never half of
 * each, and a failure leaves the old file untouched and no temp file behind.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export interface AtomicWriteOptions {
  /** File mode for a new file. Default: an existing file's mode is kept; new files get 0o644 (before umask). */
  mode?: number;
  /** Create missing parent folders. Default true. */
  mkdirs?: boolean;
}

/** Writes `data` to `path` atomically. Throws (with the target left as it was) when it cannot. */
export async function atomicWrite(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  if (options.mkdirs ?? true) await mkdir(dir, { recursive: true });
  let mode = options.mode;
  if (mode === undefined) {
    try {
      mode = (await stat(path)).mode & 0o7777;
    } catch {
      mode = 0o644;
    }
  }
  const temp = join(dir, `.${basename(path)}.tandem-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // open() applies the umask; an existing file's exact mode (e.g. 0o755 scripts) must survive.
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}
