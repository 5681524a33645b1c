/**
 * Writes checkpoint commits and moves the checkpoint ref without spawning git: two process spawns saved per
 * checkpoint (~5 ms each here). Both follow git's on-disk formats exactly (loose object: zlib of
 * "commit <size>\0<body>" named by its SHA-1; ref: `<ref>.lock` created exclusively, then renamed over the ref), so
 * they interoperate with git processes touching the same shadow repository.
 */
import { createHash, randomBytes } from "node:crypto";
import { type FileHandle, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { makeDir } from "../../util/make-dir.ts";

export interface CommitInput {
  tree: string;
  parent: string | null;
  message: string;
  /** Seconds since the epoch. */
  time: number;
}

const IDENT = "tandem <tandem@localhost>";

/** Writes a commit as a loose object into `gitDir` and returns its id. Idempotent. */
export async function writeCommit(gitDir: string, input: CommitInput): Promise<string> {
  const lines = [`tree ${input.tree}`];
  if (input.parent) lines.push(`parent ${input.parent}`);
  lines.push(
    `author ${IDENT} ${input.time} +0000`,
    `committer ${IDENT} ${input.time} +0000`,
    "",
    input.message,
  );
  return writeObject(gitDir, "commit", Buffer.from(lines.join("\n"), "utf8"));
}

/** Writes a blob (a file's bytes, or a symbolic link's target) as a loose object and returns its id. Idempotent. */
export function writeBlob(gitDir: string, data: Buffer): Promise<string> {
  return writeObject(gitDir, "blob", data);
}

async function writeObject(gitDir: string, type: "commit" | "blob", body: Buffer): Promise<string> {
  const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
  const id = createHash("sha1").update(raw).digest("hex");
  const dir = path.join(gitDir, "objects", id.slice(0, 2));
  await makeDir(dir);
  const temp = path.join(dir, `tmp_obj_${process.pid}_${randomBytes(4).toString("hex")}`);
  await writeFile(temp, deflateSync(raw, { level: 1 }), { mode: 0o444 });
  await rename(temp, path.join(dir, id.slice(2)));
  return id;
}

/** Current value of `ref` (loose file, else packed-refs), or null when it does not exist. */
export async function readRef(gitDir: string, ref: string): Promise<string | null> {
  try {
    return (await readFile(path.join(gitDir, ref), "utf8")).trim();
  } catch {
    try {
      const packed = await readFile(path.join(gitDir, "packed-refs"), "utf8");
      const line = packed.split("\n").find((l) => l.endsWith(` ${ref}`));
      return line ? line.slice(0, 40) : null;
    } catch {
      return null;
    }
  }
}

/**
 * Compare-and-swap of `ref` from `expected` (null: must not exist) to `next`, under git's lock-file protocol.
 * Returns false when the ref holds another value or stays locked by someone else.
 */
export async function updateRef(
  gitDir: string,
  ref: string,
  next: string,
  expected: string | null,
): Promise<boolean> {
  const file = path.join(gitDir, ref);
  const lock = `${file}.lock`;
  await makeDir(path.dirname(file));
  for (let attempt = 0; ; attempt++) {
    let handle: FileHandle;
    try {
      handle = await open(lock, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (attempt >= 40) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
      continue;
    }
    let renamed = false;
    try {
      if ((await readRef(gitDir, ref)) !== expected) return false;
      await handle.writeFile(`${next}\n`);
      await handle.close();
      await rename(lock, file);
      renamed = true;
      return true;
    } finally {
      await handle.close().catch(() => undefined);
      // Only our own lock: once renamed, a lock file at that path belongs to someone else.
      if (!renamed) await rm(lock, { force: true });
    }
  }
}
