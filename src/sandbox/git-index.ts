/**
 * The gitlinks (submodule and embedded-repository entries) recorded in a git index file, read directly from
 * the file: no git process, so nothing the repository configures can run, and cheap enough for every command.
 * `git status` in the parent recurses into each populated gitlink with that repository's own config, so these
 * are the nested repositories whose config must be guarded like the top one.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

const GITLINK = 0o160000;
const TYPE_MASK = 0o170000;
/** Larger index files are not read (a guard falls back to what it knows); 64 MiB is ~500k entries. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

/** Gitlinks already read, per index file, with the index's stamp then (a big index takes ~4 ms per MB to read). */
export type GitlinkCache = Map<string, { stamp: string; links: string[] }>;

/** The index's identity: a rewrite changes one of inode, size or mtime. */
export function indexStamp(file: string): string {
  const s = statSync(file, { throwIfNoEntry: false, bigint: true });
  return s ? `${s.ino}:${s.size}:${s.mtimeNs}` : "missing";
}

/** `readGitlinks`, remembered in `cache` until the index file changes. */
export function readGitlinksCached(cache: GitlinkCache, indexFile: string, hashBytes = 20): string[] {
  const stamp = indexStamp(indexFile);
  const known = cache.get(indexFile);
  if (known?.stamp === stamp) return known.links;
  const links = stamp === "missing" ? [] : readGitlinks(indexFile, hashBytes);
  cache.set(indexFile, { stamp, links });
  return links;
}

/** Paths (relative to the work tree, `/`-separated) of gitlink entries; empty when there is no readable index. */
export function readGitlinks(indexFile: string, hashBytes = 20): string[] {
  const links = new Set<string>();
  const shared = parseIndex(indexFile, hashBytes, links);
  // A split index keeps most entries in `sharedindex.<oid>` next to it; reading both over-approximates
  // (an entry deleted by the split part still counts), which only guards more.
  if (shared) parseIndex(join(dirname(indexFile), `sharedindex.${shared}`), hashBytes, links);
  return [...links];
}

/** Adds the file's gitlinks to `links`; returns the shared index's id when the file is a split index. */
function parseIndex(file: string, hashBytes: number, links: Set<string>): string | undefined {
  let data: Buffer;
  try {
    if (statSync(file).size > MAX_INDEX_BYTES) return undefined;
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length < 12 || data.toString("latin1", 0, 4) !== "DIRC") return undefined;
  const version = data.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = data.readUInt32BE(8);
  let at = 12;
  let previous = "";
  const fixed = 40 + hashBytes + 2; // stat fields, object id, flags
  for (let i = 0; i < count; i++) {
    if (at + fixed > data.length) return undefined;
    const mode = data.readUInt32BE(at + 24);
    const flags = data.readUInt16BE(at + 40 + hashBytes);
    let p = at + fixed + (version >= 3 && flags & 0x4000 ? 2 : 0);
    let path: string;
    if (version === 4) {
      // Prefix compression: strip N bytes from the previous path, then a NUL-terminated suffix.
      let c = data[p++] ?? 0;
      let strip = c & 127;
      while (c & 128) {
        c = data[p++] ?? 0;
        strip = ((strip + 1) << 7) + (c & 127);
      }
      const end = data.indexOf(0, p);
      if (end < 0) return undefined;
      path = previous.slice(0, Math.max(0, previous.length - strip)) + data.toString("utf8", p, end);
      at = end + 1;
    } else {
      // The name's length is in the flags (unless 0xFFF or more); only a gitlink's name is decoded.
      const length = flags & 0xfff;
      const end = length < 0xfff ? p + length : data.indexOf(0, p);
      if (end < 0 || end > data.length) return undefined;
      if ((mode & TYPE_MASK) === GITLINK) links.add(data.toString("utf8", p, end));
      // Entries are NUL-padded to a multiple of 8 bytes (1 to 8 NULs).
      at += Math.floor((end - at + 8) / 8) * 8;
      continue;
    }
    previous = path;
    if ((mode & TYPE_MASK) === GITLINK) links.add(path);
  }
  // Extensions: 4-byte signature, 4-byte size. "link" starts with the shared index's object id.
  while (at + 8 <= data.length - hashBytes) {
    const signature = data.toString("latin1", at, at + 4);
    const size = data.readUInt32BE(at + 4);
    if (signature === "link" && size >= hashBytes) return data.toString("hex", at + 8, at + 8 + hashBytes);
    at += 8 + size;
  }
  return undefined;
}
