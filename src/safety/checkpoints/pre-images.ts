/**
 * The checkpoint of an early step that declares its writes. While a workspace's first record is still being built
 * (every file read: seconds at 100,000 files), a step whose tool names every file it will write (`Tool.paths`)
 * need not wait for it: those files are saved as they are now (bytes and mode, or "absent"), the step runs, and
 * once the record is done, the record with those files put back as saved is the workspace before the step
 * (`overlayPreImages`). The other files are the step's to leave alone, so the record holds them as they were.
 *
 * A write this cannot save exactly (a directory, a special file, a file over `maxFileBytes`, a path inside a
 * nested repository) makes `savePreImages` return null: the caller then waits for the record, as before.
 */
import { lstat, readFile, readlink, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { isInside } from "../../util/inside.ts";
import { type GitResult, splitNul } from "./git.ts";
import { writeBlob } from "./objects.ts";
import type { ShadowRepo } from "./shadow-repo.ts";

/** One declared write as it was before the step. */
export interface PreImage {
  /** Workspace-relative, `/`-separated: how the shadow index names it. */
  path: string;
  /** The saved blob, or null when the file did not exist. */
  blob: { oid: string; mode: number } | null;
}

export interface SavedWrites {
  images: PreImage[];
  /**
   * Declared writes no checkpoint records: outside the workspace, inside a `.git` directory, or ignored (as the
   * store's rules say, before any index exists). Empty: the checkpoint covers everything the step writes.
   */
  uncovered: string[];
  /**
   * Whether any declared write was ignored by the store's rules when it was saved. None: `overlayPreImages` need
   * not ask git again (the index only ever takes a path out of the ignored ones). Default true (asked).
   */
  anyIgnored?: boolean;
}

const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;
const ZERO_OID = "0".repeat(40);

/**
 * Saves the declared writes (absolute, or relative to the workspace) into the shadow store as blobs. Paths
 * outside the workspace or inside a `.git` directory are not recorded by checkpoints and are passed over.
 */
export async function savePreImages(
  repo: ShadowRepo,
  writes: readonly string[],
  maxFileBytes = DEFAULT_MAX_FILE_BYTES,
  spare?: (input: string) => Promise<GitResult>,
): Promise<SavedWrites | null> {
  const root = await realpath(repo.workspace);
  const images = new Map<string, PreImage>();
  const uncovered: string[] = [];
  for (const write of writes) {
    // git sees a file under a symlinked directory at its real place: save it there.
    const file = await realLocation(path.resolve(repo.workspace, write));
    const saved = await saveOne(repo, root, file, maxFileBytes, images);
    if (saved === "uncovered") uncovered.push(write);
    else if (!saved) return null;
  }
  const paths = [...images.keys()];
  // The step waits for this one: not paced (src/safety/pacing.ts), and asked of a `check-ignore -z --stdin
  // --no-index` started ahead when there is one (spare-git.ts).
  const ignored = await ignoredPaths(repo, paths, ["--no-index"], true, spare);
  uncovered.push(...ignored);
  return { images: [...images.values()], uncovered, anyIgnored: ignored.length > 0 };
}

async function saveOne(
  repo: ShadowRepo,
  root: string,
  file: string,
  maxFileBytes: number,
  images: Map<string, PreImage>,
): Promise<boolean | "uncovered"> {
  const rel = path.relative(root, file);
  if (rel === "" || !isInside(root, file)) return "uncovered";
  const parts = rel.split(path.sep);
  if (parts.includes(".git")) return "uncovered";
  if (await inNestedRepository(root, parts)) return false;
  const key = parts.join("/");
  if (images.has(key)) return true;
  const st = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return null;
    throw error;
  });
  if (!st) {
    images.set(key, { path: key, blob: null });
    return true;
  }
  if (st.isSymbolicLink()) {
    const oid = await writeBlob(repo.gitDir, await readlink(file, { encoding: "buffer" }));
    images.set(key, { path: key, blob: { oid, mode: 0o120000 } });
    // Writing through a link changes its target: a target inside the workspace is saved too.
    const target = await realpath(file).catch(() => null);
    return target ? saveOne(repo, root, target, maxFileBytes, images) : true;
  }
  if (!st.isFile() || st.size > maxFileBytes) return false;
  const data = await readFile(file);
  const oid = await writeBlob(repo.gitDir, data);
  images.set(key, { path: key, blob: { oid, mode: st.mode & 0o100 ? 0o100755 : 0o100644 } });
  return true;
}

/** The path with its existing part resolved through symlinks (the rest, not created yet, appended as it is). */
async function realLocation(file: string): Promise<string> {
  let dir = path.dirname(file);
  const rest = [path.basename(file)];
  for (;;) {
    const real = await realpath(dir).catch(() => null);
    if (real) return path.join(real, ...rest);
    const up = path.dirname(dir);
    if (up === dir) return file;
    rest.unshift(path.basename(dir));
    dir = up;
  }
}

/** A folder between the workspace and the file holds its own `.git`: the store records it as a gitlink. */
async function inNestedRepository(root: string, parts: string[]): Promise<boolean> {
  for (let i = 1; i < parts.length; i++) {
    const found = await stat(path.join(root, ...parts.slice(0, i), ".git")).catch(() => null);
    if (found) return true;
  }
  return false;
}

/**
 * Puts the saved files into the shadow index, which the caller has just brought up to date with the workspace
 * after the step (the record, then `git add -A`: a temporary file the step renamed away is gone from it too), so
 * its tree is the workspace before the step: a saved file replaces what was recorded (or is added back), a file
 * that did not exist is removed. The entries get no stat data, so the next `git add -A` hashes those files
 * again. An ignored file the record left out stays out.
 */
export async function overlayPreImages(repo: ShadowRepo, saved: SavedWrites): Promise<void> {
  const present = saved.images.flatMap((image) => (image.blob ? [image.path] : []));
  // With the index: a path it tracks (a tracked file matching .gitignore) is not "ignored". Should git refuse
  // the question (a path the step put beyond a symbolic link), the saved files go in all the same: the step's
  // checkpoint then holds an ignored file as it was, rather than the step having none.
  // Ignored by nothing when it was saved (`anyIgnored`): then not with the index either, no git to ask.
  const ignored = new Set(
    saved.anyIgnored === false ? [] : await ignoredPaths(repo, present).catch(() => []),
  );
  const lines: string[] = [];
  for (const image of saved.images) {
    if (image.blob === null) lines.push(`0 ${ZERO_OID}\t${image.path}`);
    else if (!ignored.has(image.path))
      lines.push(`${image.blob.mode.toString(8)} ${image.blob.oid}\t${image.path}`);
  }
  if (lines.length === 0) return;
  await repo.run(["update-index", "-z", "--index-info"], { input: `${lines.join("\0")}\0` });
}

/** The paths (workspace-relative) the store's ignore rules exclude. */
async function ignoredPaths(
  repo: ShadowRepo,
  paths: string[],
  flags: string[] = [],
  unpaced = false,
  spare?: (input: string) => Promise<GitResult>,
): Promise<string[]> {
  if (paths.length === 0) return [];
  const input = `${paths.join("\0")}\0`;
  const answered = await spare?.(input).catch(() => undefined);
  // 0: some ignored, 1: none; anything else (it died meanwhile): asked again of a git of its own.
  if (answered && (answered.code === 0 || answered.code === 1)) return splitNul(answered.stdout);
  const checked = await repo.run(["check-ignore", "-z", "--stdin", ...flags], {
    input,
    okCodes: [0, 1],
    unpaced,
  });
  return splitNul(checked.stdout);
}
