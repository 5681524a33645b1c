/**
 * Atomic file replacement: the new bytes go to a temp file in the target's folder (same filesystem), are
 * flushed, then renamed over the target. A reader sees either the old file or the new one, never half of
 * each, and a failure leaves the old file untouched and no temp file behind.
 *
 * An existing file keeps its mode and, where the process may set it (root), its owner. A symlink is followed:
 * the file it points to is replaced and the link stays. Other hard links to the old file keep the old bytes.
 */
import { randomBytes } from "node:crypto";
import { chmod, open, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { makeDir } from "../util/make-dir.ts";

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
  const target = await realpath(path).catch(() => path);
  const dir = dirname(target);
  if (options.mkdirs ?? true) await makeDir(dir);
  const existing = await stat(target).catch(() => undefined);
  const mode = options.mode ?? (existing ? existing.mode & 0o7777 : 0o644);
  const temp = join(dir, `.${basename(target)}.tandem-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", mode);
  try {
    try {
      await handle.writeFile(data);
      if (existing && (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.())) {
        // Only root may give a file away; elsewhere the new file is the writer's, as with any editor.
        await handle.chown(existing.uid, existing.gid).catch(() => {});
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    // open() applies the umask; an existing file's exact mode (e.g. 0o755 scripts) must survive.
    await chmod(temp, mode);
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}
