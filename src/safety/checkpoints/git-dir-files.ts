/**
 * Reading the files of a git directory without running git (git run by tandem on the host must not run what a
 * repository configures): which files are write-once objects, which are refs, whether a ref, the index or
 * packed-refs is intact, and which objects a pack index holds. Used by the git-directory backup to tell what a
 * step removed or damaged.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** How the backup treats a path of the git directory (relative, `/`-separated). */
export type GitDirClass = "object" | "ref" | "packed-refs" | "index" | "reflog" | "state" | "skip" | "file";

/**
 * Top-level files that describe an operation in progress (merge, rebase, cherry-pick, bisect) or a scratch
 * value. They are neither backed up nor restored: putting MERGE_HEAD back without the refs it belongs with
 * would restart a merge the user finished.
 */
const STATE_NAMES = new Set([
  "MERGE_HEAD",
  "MERGE_MSG",
  "MERGE_MODE",
  "MERGE_RR",
  "AUTO_MERGE",
  "CHERRY_PICK_HEAD",
  "REVERT_HEAD",
  "REBASE_HEAD",
  "ORIG_HEAD",
  "FETCH_HEAD",
  "COMMIT_EDITMSG",
  "SQUASH_MSG",
  "TAG_EDITMSG",
  "BISECT_LOG",
  "BISECT_START",
  "BISECT_TERMS",
  "BISECT_NAMES",
  "BISECT_EXPECTED_REV",
  "BISECT_ANCESTORS_OK",
  "rebase-merge",
  "rebase-apply",
  "sequencer",
  "rr-cache",
  "gc.pid",
  "gc.log",
  "index.lock",
]);

export function classify(rel: string): GitDirClass {
  const parts = rel.split("/");
  const name = parts.at(-1) ?? "";
  if (name.endsWith(".lock") || name.startsWith("tmp_") || name.startsWith("tmp-") || name.includes(".tmp-"))
    return "skip";
  if (parts.length >= 1 && STATE_NAMES.has(parts[0] ?? "")) return "state";
  // Every `objects` directory (the repository's, submodules' under modules/, git-lfs's) holds write-once,
  // content-named files. Its `info/` holds alternates (kept like config) and caches git rebuilds and rewrites
  // on its own (commit-graph, packs list), as is `pack/multi-pack-index`: putting an old one back would only
  // fight git, so those are neither kept nor restored.
  const objects = parts.indexOf("objects");
  if (objects >= 0 && objects < parts.length - 1) {
    if (parts[objects + 1] === "info")
      return name === "alternates" || name === "http-alternates" ? "file" : "state";
    return name === "multi-pack-index" ? "state" : "object";
  }
  if (parts.length === 1) {
    if (name === "HEAD") return "ref";
    if (name === "packed-refs") return "packed-refs";
    if (name === "index") return "index";
  }
  if (parts[0] === "refs") return "ref";
  if (parts[0] === "logs") return "reflog";
  return "file";
}

/** How the backup treats a directory of the git directory: its files are objects, it is skipped, or walked. */
export function classifyDir(rel: string): "object" | "skip" | "walk" {
  const parts = rel.split("/");
  if (STATE_NAMES.has(parts[0] ?? "")) return "skip";
  const objects = parts.indexOf("objects");
  if (objects >= 0) return parts[objects + 1] === "info" ? "walk" : "object";
  return "walk";
}

const HEX_ID = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

/** A ref file's target: a symbolic `ref: refs/...`, or an object id; null when it is neither (damaged). */
export function parseRef(content: string): { symbolic: string } | { id: string } | null {
  const text = content.trim();
  const symbolic = /^ref: (refs\/\S+|HEAD)$/.exec(text);
  if (symbolic?.[1]) return { symbolic: symbolic[1] };
  return HEX_ID.test(text) ? { id: text } : null;
}

/** `packed-refs` entries (name → id); null when the file is not in packed-refs format. */
export function parsePackedRefs(content: string): Map<string, string> | null {
  const refs = new Map<string, string>();
  for (const line of content.split("\n")) {
    if (line === "" || line.startsWith("#") || line.startsWith("^")) continue;
    const match = /^([0-9a-f]{40}|[0-9a-f]{64}) (refs\/\S+)$/.exec(line);
    if (!match?.[1] || !match[2]) return null;
    refs.set(match[2], match[1]);
  }
  return refs;
}

/** Whether a buffer is a whole index file: signature, version and trailing checksum (or git's skipped hash). */
export function isIntactIndex(data: Buffer): boolean {
  if (data.length < 32 || data.toString("latin1", 0, 4) !== "DIRC") return false;
  const version = data.readUInt32BE(4);
  if (version < 2 || version > 4) return false;
  for (const size of [20, 32]) {
    if (data.length < 12 + size) continue;
    const trailer = data.subarray(data.length - size);
    if (trailer.every((b) => b === 0)) return true; // index.skipHash
    const algo = size === 20 ? "sha1" : "sha256";
    const digest = createHash(algo)
      .update(data.subarray(0, data.length - size))
      .digest();
    if (digest.equals(trailer)) return true;
  }
  return false;
}

/** Object ids listed in a version-2 pack index; empty when the data is not one. */
export function packIndexIds(data: Buffer): string[] {
  if (data.length < 8 + 1024 || data.readUInt32BE(0) !== 0xff744f63 || data.readUInt32BE(4) !== 2) return [];
  const count = data.readUInt32BE(8 + 255 * 4);
  const size = 20; // SHA-1 packs; SHA-256 repositories are rare and then only loose objects are checked.
  const ids: string[] = [];
  const start = 8 + 1024;
  if (data.length < start + count * size) return [];
  for (let i = 0; i < count; i++) ids.push(data.toString("hex", start + i * size, start + (i + 1) * size));
  return ids;
}

/** Answers "does this object exist" for one git directory: a loose file, or an entry of a current pack. */
export function objectLookup(gitDir: string): (id: string) => boolean {
  let packed: Set<string> | undefined;
  const loadPacks = () => {
    const set = new Set<string>();
    const packDir = path.join(gitDir, "objects", "pack");
    let names: string[] = [];
    try {
      names = readdirSync(packDir);
    } catch {
      // no packs
    }
    for (const name of names) {
      if (!name.endsWith(".idx") || !existsSync(path.join(packDir, name.replace(/\.idx$/, ".pack"))))
        continue;
      try {
        for (const id of packIndexIds(readFileSync(path.join(packDir, name)))) set.add(id);
      } catch {
        // unreadable index: its objects count as missing
      }
    }
    return set;
  };
  return (id) => {
    if (existsSync(path.join(gitDir, "objects", id.slice(0, 2), id.slice(2)))) return true;
    packed ??= loadPacks();
    return packed.has(id);
  };
}
