/**
 * Seeds a new shadow index from the user's own git index, so the first checkpoint of a big repository does not
 * hash every tracked file again. The user's index holds each tracked file's blob id with the stat data it had when
 * git last hashed it; copied into the shadow index, `git add -A` then hashes only the files whose stat changed
 * since (and the untracked ones), exactly as it does for later checkpoints.
 *
 * A blob id is reused only when it must equal the file's raw bytes, which is what the shadow store records
 * (shadow-repo.ts: `* -text -filter ...`):
 * - the entry is an ordinary stage-0 file or symlink git compares by stat (no assume-unchanged, skip-worktree,
 *   intent-to-add, conflict or gitlink), inside the workspace;
 * - the blob's size equals the size of the file the entry describes: every conversion git applies on the way in
 *   (CRLF → LF, `ident`, `working-tree-encoding`, an LFS pointer) changes the size, so a converted blob is caught
 *   even when the attributes that converted it are gone since;
 * - when any filter driver is configured, the path has no `filter` attribute (a filter may keep the size);
 * - the repository is a plain SHA-1 one (no partial clone: a missing blob would be fetched; no split or sparse
 *   index, which this reader does not follow).
 * Anything else is simply left out of the seed and hashed by `add` as before.
 *
 * Racy git: git trusts an entry's stat only if the file's mtime is older than the index file's; a file changed in
 * the same second as the index was written is compared by content. The seeded index gets the user's index's
 * mtime rounded down to the second, so every entry the user's git would recheck is rechecked here too.
 *
 * Never runs a repository-configured program: every call goes through the hardened runner (src/safety/host-git/),
 * and none of them converts content (rev-parse, config, check-attr, pack-objects, cat-file --batch-check).
 * The blobs are copied into the shadow store (one pack written by `pack-objects`), so checkpoints never depend on
 * the user's object store, which `git gc` or `rm -rf .git` may empty. A seed of the whole index also brings the
 * user's cache-tree (and the trees it names), so the first write-tree recomputes only what `add` changed.
 */
import { constants } from "node:fs";
import { open, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";
import { relativeInside } from "../../util/inside.ts";
import type { HostConfigCache } from "../host-git/invocation.ts";
import { runGit, splitNul } from "./git.ts";
import { cacheTreeIds, type IndexEntry, parseIndex, writeIndex } from "./index-file.ts";
import type { ShadowRepo } from "./shadow-repo.ts";

export interface IndexSeedOptions {
  repo: ShadowRepo;
  /** The checkpoint store's directory: left out of the seed when it is inside the workspace. */
  storeDir: string;
  /** git executable. Default "git". */
  git?: string;
  /** The environment host git starts from (sanitized: host-git/env.ts). Default the process's; a session's own. */
  gitEnv?: NodeJS.ProcessEnv;
  /** Stops the git processes (the session ended). Default: none. */
  signal?: AbortSignal;
  /** Told how many of the user's entries lie in the workspace, once the index is read. Default: nobody. */
  onTotal?: (count: number) => void;
}

export interface IndexSeed {
  /** Entries written to the shadow index. */
  seeded: number;
  /** Entries of the user's index inside the workspace that were left out (hashed by `add` instead). */
  skipped: number;
}

type UserGit = (args: string[], input?: Buffer | string) => Promise<{ stdout: string; code: number }>;

const FILE_MODES = new Set([0o100644, 0o100755, 0o120000]);
const SIZE_MOD = 2 ** 32;

/**
 * Writes the shadow index from the user's index; null when the workspace is not in a usable git repository or
 * anything is unexpected (then nothing was written). Call only while the shadow index does not exist.
 */
export async function seedFromUserIndex(options: IndexSeedOptions): Promise<IndexSeed | null> {
  const { repo } = options;
  const workspace = repo.workspace;
  // Minutes, not git's default one: copying a big repository's blobs on a busy machine must not fail the seed.
  // The user's config read once for the seed's few calls (nothing writes it meanwhile: the session's tools
  // cannot write `.git`): each would read it again, one git process more.
  const configCache: HostConfigCache = {};
  const user: UserGit = (args, input) =>
    runGit(args, {
      configCache,
      bin: options.git,
      baseEnv: options.gitEnv,
      cwd: workspace,
      okCodes: [0, 1, 128],
      timeoutMs: 5 * 60_000,
      pace: repo.pace,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(input ? { input } : {}),
    });
  const where = await user(["rev-parse", "--is-inside-work-tree", "--show-prefix", "--git-path", "index"]);
  const [inside, prefix, indexPath] = where.stdout.split("\n");
  if (where.code !== 0 || inside !== "true" || prefix === undefined || !indexPath) return null;
  const config = await user(["config", "--list", "-z"]);
  if (config.code !== 0) return null;
  const keys = splitNul(config.stdout).map((line) => (line.split("\n")[0] ?? "").toLowerCase());
  const value = (key: string) => splitNul(config.stdout).find((l) => l.toLowerCase().startsWith(`${key}\n`));
  if (keys.includes("extensions.partialclone") || /\nsha256$/i.test(value("extensions.objectformat") ?? ""))
    return null;

  const userIndex = path.resolve(workspace, indexPath);
  const [data, indexStat] = await Promise.all([readFile(userIndex), stat(userIndex)]);
  const parsed = parseIndex(data);
  if (!parsed || parsed.extensions.includes("link") || parsed.extensions.includes("sdir")) return null;

  const bytePrefix = Buffer.from(prefix, "utf8").toString("latin1");
  const inWorkspace = parsed.entries.filter((e) => e.path.startsWith(bytePrefix));
  options.onTotal?.(inWorkspace.length);
  const storeRel = relativeInside(workspace, path.resolve(options.storeDir));
  const storeInside = storeRel === undefined ? undefined : toLatin1(storeRel);
  const candidates: IndexEntry[] = [];
  for (const entry of inWorkspace) {
    const rel = entry.path.slice(bytePrefix.length);
    if (!FILE_MODES.has(entry.mode) || rel.split("/").includes(".git")) continue;
    if (storeInside !== undefined && (rel === storeInside || rel.startsWith(`${storeInside}/`))) continue;
    candidates.push({ ...entry, path: rel });
  }
  let usable = candidates;
  if (keys.some((k) => /^filter\..+\.(clean|process)$/.test(k)))
    usable = await withoutFilters(user, candidates);
  if (usable.length === 0) return null;

  // The user's cache-tree describes exactly these entries only when the seed is the whole index: then the trees
  // git computed come along, and the first write-tree recomputes only the directories `add` changes.
  const whole = bytePrefix === "" && usable.length === parsed.count;
  let trees = whole && parsed.cacheTree ? cacheTreeIds(parsed.cacheTree) : null;
  // Copy the blobs (and those trees) into the shadow store: one pack, written straight into its pack directory.
  const blobs = usable.map((e) => e.oid);
  const packBase = path.join(repo.gitDir, "objects", "pack", "pack");
  // --window=0: deltas already in the user's packs are reused, no new ones are searched for (CPU, not bytes).
  const pack = (ids: string[]) =>
    user(["pack-objects", "-q", "--window=0", packBase], `${[...new Set(ids)].join("\n")}\n`);
  let packed = await pack([...blobs, ...(trees ?? [])]);
  // A cache-tree naming a tree git never wrote: the blobs alone, and write-tree computes every tree.
  if (packed.code !== 0 && trees) {
    trees = null;
    packed = await pack(blobs);
  }
  if (packed.code !== 0) return null;
  const sizes = await blobSizes(repo);
  const seeded = usable.filter((e) => {
    const size = sizes.get(e.oid);
    return size !== undefined && size % SIZE_MOD === e.size;
  });
  const cacheTree = trees && seeded.length === usable.length ? parsed.cacheTree : undefined;

  const lock = `${repo.indexFile}.lock`;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // git's own lock protocol: another process building this index meanwhile keeps its own.
    handle = await open(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  } catch {
    return null;
  }
  try {
    await handle.writeFile(writeIndex(seeded, cacheTree));
    await handle.close();
    const second = Math.floor(indexStat.mtimeMs / 1000);
    await utimes(lock, second, second);
    await rename(lock, repo.indexFile);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(lock, { force: true });
    throw error;
  }
  return { seeded: seeded.length, skipped: inWorkspace.length - seeded.length };
}

/** Paths a `filter` attribute applies to are left out: a filter may keep the size while changing the bytes. */
async function withoutFilters(user: UserGit, entries: IndexEntry[]): Promise<IndexEntry[]> {
  const input = Buffer.concat(entries.map((e) => Buffer.from(`${e.path}\0`, "latin1")));
  const checked = await user(["check-attr", "-z", "--stdin", "filter"], input);
  const fields = splitNul(checked.stdout);
  // One record (path, attribute, setting) per input path, in input order: matched by position, not by name.
  if (checked.code !== 0 || fields.length !== entries.length * 3) return [];
  return entries.filter((_, i) => {
    const setting = fields[i * 3 + 2];
    return setting === "unspecified" || setting === "unset";
  });
}

/** Object id → size of every blob in the shadow store (just the seeded pack, for a new store). */
async function blobSizes(repo: ShadowRepo): Promise<Map<string, number>> {
  const format = "--batch-check=%(objectname) %(objecttype) %(objectsize)";
  const listed = await repo.run(["cat-file", format, "--batch-all-objects", "--unordered"]);
  const sizes = new Map<string, number>();
  for (const line of listed.stdout.split("\n")) {
    const [id, type, size] = line.split(" ");
    if (id && type === "blob" && size) sizes.set(id, Number(size));
  }
  return sizes;
}

function toLatin1(utf8: string): string {
  return Buffer.from(utf8.split(path.sep).join("/"), "utf8").toString("latin1");
}
