/**
 * Content-addressed copies of files (`<dir>/<sha1[0..2]>/<sha1[2..]>`), for the before-step backups of the git
 * directory's mutable files and of ignored files. Copies, not hard links: these files are rewritten in place
 * (`>` truncates the inode a link would share). Equal contents are stored once.
 */
import { createHash } from "node:crypto";
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { makeDirSync } from "../../util/make-dir.ts";

export interface BlobStore {
  /** Copies a regular file in; returns its content hash, or null when it could not be read (vanished). */
  put(file: string): string | null;
  /** Writes blob `sha` to `target` (replacing it atomically, parents created); false when the blob is missing. */
  restore(sha: string, target: string, mode?: number): boolean;
  /** The blob's bytes, or null when it is missing. */
  read(sha: string): Buffer | null;
}

export function createBlobStore(dir: string): BlobStore {
  const blobPath = (sha: string) => path.join(dir, sha.slice(0, 2), sha.slice(2));
  const known = new Set<string>();
  return {
    put(file) {
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch {
        return null;
      }
      const sha = createHash("sha1").update(data).digest("hex");
      if (known.has(sha)) return sha;
      const target = blobPath(sha);
      try {
        statSync(target);
      } catch {
        // Private: the copies include secrets (.env, a repository config with credentials).
        makeDirSync(path.dirname(target), { mode: 0o700 });
        const temp = `${target}.tmp-${process.pid}`;
        writeFileSync(temp, data, { mode: 0o600 });
        renameSync(temp, target);
      }
      known.add(sha);
      return sha;
    },
    restore(sha, target, mode) {
      const data = this.read(sha);
      if (data === null) return false;
      makeDirSync(path.dirname(target));
      const temp = `${target}.tandem-restore-${process.pid}`;
      try {
        writeFileSync(temp, data);
        if (mode !== undefined) chmodSync(temp, mode & 0o7777);
        renameSync(temp, target);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
      return true;
    },
    read(sha) {
      try {
        return readFileSync(blobPath(sha));
      } catch {
        return null;
      }
    },
  };
}
