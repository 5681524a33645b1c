/**
 * The first record of a workspace with no index to seed from (a plain folder), without `git add`: git's bulk
 * check-in is superlinear in the number of new files (each blob is looked up against the pack directory, rescanned
 * on a miss, and against the list it wrote so far: 15 s of CPU for 88,000 files). Here tandem reads each file
 * itself and streams the blobs into ONE `git fast-import` (a hash table, one pack: ~1 s of git CPU for 100,000
 * files), then writes the shadow index with each file's stat data, so the next `git add -A` trusts it and hashes
 * nothing unchanged. The files are the ones `add -A` would record: `ls-files --others --exclude-standard` with
 * the same exclusions, listed against the empty shadow index.
 *
 * Left to `git add` (the caller runs it when `rest` is set): nested repositories (listed with a trailing "/"),
 * files over `maxFileBytes` (git streams them; this path holds each file in memory), names that are not UTF-8,
 * and paths that turned into directories meanwhile. A file that vanished or cannot be read is skipped, as
 * `add --ignore-errors` skips it. Anything else throws, with nothing written but unreferenced objects: the caller
 * then records with `git add` as before.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync as openFileSync,
  readFileSync,
  readlinkSync,
} from "node:fs";
import { open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { splitNul } from "./git.ts";
import { type IndexEntry, writeIndex } from "./index-file.ts";
import type { ShadowRepo } from "./shadow-repo.ts";

export interface FastRecordOptions {
  repo: ShadowRepo;
  /** Pathspecs `add -A` is given after `.` (the store's nested repositories without a commit, skipped files). */
  excludes: readonly string[];
  /** Told how many paths are to be recorded, once they are listed. Default: nobody. */
  onTotal?: (count: number) => void;
  /** Told of each batch of files read. Default: nobody. */
  onFiles?: (count: number) => void;
  /** Files larger than this are left to `git add`. Default 32 MiB. */
  maxFileBytes?: number;
  /** Stops fast-import and the record (the session ended). Default: none. */
  signal?: AbortSignal;
}

export interface FastRecord {
  /** Entries written to the shadow index. */
  recorded: number;
  /** Paths were left for `git add` (see above). */
  rest: boolean;
}

const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Reads are synchronous (4× cheaper than promises per small file); the event loop gets a turn this often. */
const SLICE_MS = 10;
const FLUSH_BYTES = 1024 * 1024;
const UINT32 = 2n ** 32n;
const BILLION = 1_000_000_000n;
const SKIPPED_CODES = new Set(["ENOENT", "ENOTDIR", "EACCES", "EPERM"]);

/** Records every file of the workspace into the (missing) shadow index. Throws on any unexpected failure. */
export async function recordFast(options: FastRecordOptions): Promise<FastRecord> {
  const { repo, signal } = options;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const listed = await repo.run(
    ["ls-files", "-z", "--others", "--exclude-standard", "--", ".", ...options.excludes],
    { timeoutMs: 5 * 60_000, ...(signal ? { signal } : {}) },
  );
  const paths = splitNul(listed.stdout);
  options.onTotal?.(paths.length);
  let rest = false;

  const marks = path.join(repo.gitDir, `tandem-marks-${process.pid}-${randomBytes(4).toString("hex")}`);
  // --depth=0: no deltas (CPU, not bytes; `add` stores none either). --done: a stream cut short is an error.
  // unpackLimit=0: always one pack, as `add` writes it (git would explode a small one into loose objects).
  const invocation = await repo.invocation([
    "-c",
    "fastimport.unpackLimit=0",
    "fast-import",
    "--quiet",
    "--done",
    "--depth=0",
    `--export-marks=${marks}`,
  ]);
  if ("refused" in invocation) throw new Error(`fast-import refused: ${invocation.refused.stderr}`);
  const child = spawn(invocation.file, invocation.args, {
    cwd: repo.workspace,
    env: invocation.env,
    stdio: ["pipe", "ignore", "pipe"],
  });
  const importer = watch(child);
  const kill = () => child.kill("SIGTERM");
  signal?.addEventListener("abort", kill, { once: true });
  try {
    const entries: IndexEntry[] = [];
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let read = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      const chunk = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      if (!child.stdin?.write(chunk)) await importer.drained();
    };
    let slice = performance.now();
    for (const [i, relative] of paths.entries()) {
      if (importer.failed) break;
      if (relative.endsWith("/") || relative.includes("\uFFFD")) {
        rest = true;
        continue;
      }
      const file = readEntry(path.join(repo.workspace, relative), maxFileBytes);
      if (file === "skip") continue;
      if (file === "rest") {
        rest = true;
        continue;
      }
      const mark = i + 1;
      pending.push(Buffer.from(`blob\nmark :${mark}\ndata ${file.data.length}\n`), file.data, NEWLINE);
      pendingBytes += file.data.length + 32;
      entries.push({ raw: file.raw, mode: file.mode, size: 0, oid: String(mark), path: toLatin1(relative) });
      read++;
      if (pendingBytes >= FLUSH_BYTES) await flush();
      if (performance.now() - slice >= SLICE_MS) {
        await flush();
        options.onFiles?.(read);
        read = 0;
        await new Promise((resolve) => setImmediate(resolve));
        if (signal?.aborted) throw new Error("the first record was stopped");
        slice = performance.now();
      }
    }
    await flush();
    child.stdin?.end("done\n");
    const code = await importer.exited;
    if (code !== 0) throw new Error(`git fast-import failed (exit ${code}): ${importer.stderr().trim()}`);
    options.onFiles?.(read);
    const ids = parseMarks(await readFile(marks, "latin1"));
    for (const entry of entries) {
      const oid = ids.get(entry.oid);
      if (!oid) throw new Error(`git fast-import did not report mark :${entry.oid}`);
      entry.oid = oid;
      Buffer.from(oid, "hex").copy(entry.raw, 40);
    }
    await writeShadowIndex(repo, entries);
    return { recorded: entries.length, rest };
  } finally {
    signal?.removeEventListener("abort", kill);
    if (child.exitCode === null) kill();
    // Until it has exited, a killed fast-import may still write its pack into the store: a session's close (and
    // whoever then removes the store's folder) must not see it finish later.
    await importer.exited;
    await rm(marks, { force: true });
  }
}

const NEWLINE = Buffer.from("\n");

interface ReadFile {
  data: Buffer;
  mode: number;
  /** The index entry's stat data (40 bytes) and room for the object id (20). */
  raw: Buffer;
}

/** Stat (before reading: a file changed while read then differs from its entry) and content of one file. */
function readEntry(file: string, maxFileBytes: number): ReadFile | "skip" | "rest" {
  let fd: number;
  try {
    fd = openFileSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ELOOP") return readLink(file);
    if (SKIPPED_CODES.has(code)) return "skip";
    throw error;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile() || st.size > BigInt(maxFileBytes)) return "rest";
    const mode = st.mode & 0o100n ? 0o100755 : 0o100644;
    return { data: readFileSync(fd), mode, raw: statData(st, mode) };
  } catch (error) {
    if (SKIPPED_CODES.has((error as NodeJS.ErrnoException).code ?? "")) return "skip";
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** A symbolic link: git records its target as the blob (mode 120000). */
function readLink(file: string): ReadFile | "skip" | "rest" {
  try {
    const st = lstatSync(file, { bigint: true });
    if (!st.isSymbolicLink()) return "rest"; // replaced meanwhile
    return { data: readlinkSync(file, { encoding: "buffer" }), mode: 0o120000, raw: statData(st, 0o120000) };
  } catch (error) {
    if (SKIPPED_CODES.has((error as NodeJS.ErrnoException).code ?? "")) return "skip";
    throw error;
  }
}

/** The index's stat fields as git fills them from lstat: each truncated to 32 bits. */
function statData(
  st: { ctimeNs: bigint; mtimeNs: bigint; dev: bigint; ino: bigint; uid: bigint; gid: bigint; size: bigint },
  mode: number,
): Buffer {
  const raw = Buffer.alloc(60);
  const fields = [
    st.ctimeNs / BILLION,
    st.ctimeNs % BILLION,
    st.mtimeNs / BILLION,
    st.mtimeNs % BILLION,
    st.dev,
    st.ino,
    BigInt(mode),
    st.uid,
    st.gid,
    st.size,
  ];
  fields.forEach((value, i) => {
    raw.writeUInt32BE(Number(value % UINT32), i * 4);
  });
  return raw;
}

/** A path's UTF-8 bytes as latin1 characters, the way index-file.ts holds paths. */
function toLatin1(relative: string): string {
  return Buffer.from(relative, "utf8").toString("latin1");
}

/** `--export-marks` output: `:<mark> <id>` per line. */
function parseMarks(text: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const line of text.split("\n")) {
    const space = line.indexOf(" ");
    if (line.startsWith(":") && space > 0) ids.set(line.slice(1, space), line.slice(space + 1));
  }
  return ids;
}

/**
 * Writes the shadow index under git's own lock protocol (`index.lock`, created exclusively, renamed into place):
 * another process building it meanwhile keeps its own, and a failure leaves no index at all.
 */
async function writeShadowIndex(repo: ShadowRepo, entries: IndexEntry[]): Promise<void> {
  const names = new Map(entries.map((e) => [e, Buffer.from(e.path, "latin1")]));
  entries.sort((a, b) => Buffer.compare(names.get(a) as Buffer, names.get(b) as Buffer));
  const lock = `${repo.indexFile}.lock`;
  const handle = await open(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    await handle.writeFile(writeIndex(entries));
    await handle.close();
    await rename(lock, repo.indexFile);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(lock, { force: true });
    throw error;
  }
}

interface Importer {
  /** The process failed or exited early. */
  readonly failed: boolean;
  exited: Promise<number>;
  /** Resolves when stdin can take more, or the process is gone. */
  drained(): Promise<void>;
  stderr(): string;
}

function watch(child: ChildProcess): Importer {
  let failed = false;
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  // EPIPE when fast-import died: reported by its exit code, never thrown.
  child.stdin?.on("error", () => {
    failed = true;
  });
  const exited = new Promise<number>((resolve) => {
    child.on("error", (error) => {
      failed = true;
      stderr += String(error);
      resolve(-1);
    });
    child.on("close", (code) => {
      failed ||= code !== 0;
      resolve(code ?? -1);
    });
  });
  return {
    get failed() {
      return failed;
    },
    exited,
    drained: () =>
      new Promise<void>((resolve) => {
        child.stdin?.once("drain", resolve);
        void exited.then(() => resolve());
      }),
    stderr: () => stderr,
  };
}
