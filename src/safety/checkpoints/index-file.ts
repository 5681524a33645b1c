/**
 * Reading and writing git's index file format (versions 2–4, SHA-1), for seeding the shadow index from the
 * user's own (index-seed.ts). Read-only on the user's side: the user's index is parsed from a buffer, never
 * written. Format: https://git-scm.com/docs/index-format
 */
import { createHash } from "node:crypto";

/** One stage-0 entry as the index holds it: stat data, mode, object id and path. */
export interface IndexEntry {
  /** The entry's stat data and object id as stored (40 + 20 bytes), copied as they are into a written index. */
  raw: Buffer;
  mode: number;
  /** The working file's size when the entry was last refreshed, truncated to 32 bits. */
  size: number;
  /** 40 hex digits. */
  oid: string;
  /** Bytes of the path as latin1 characters (one char per byte, whatever the encoding). */
  path: string;
}

export interface ParsedIndex {
  version: number;
  /** Entries git trusts for stat comparison: stage 0, no assume-unchanged, skip-worktree or intent-to-add. */
  entries: IndexEntry[];
  /** How many entries the file holds in all (including the ones left out of `entries`). */
  count: number;
  /** Four-letter signatures of the extensions present (e.g. `TREE`, `link`, `sdir`). */
  extensions: string[];
  /** The cache-tree extension's payload (`TREE`): the tree ids git already computed, per directory. */
  cacheTree?: Buffer;
}

const HEADER = 12;
const STAT_BYTES = 40;
const OID_BYTES = 20;
const ASSUME_VALID = 0x8000;
const EXTENDED = 0x4000;
const STAGE_MASK = 0x3000;
const SKIP_WORKTREE = 0x4000;
const INTENT_TO_ADD = 0x2000;

/**
 * Parses a SHA-1 index file. Returns null for anything it does not fully understand (another version, a bad
 * checksum, a truncated entry): the caller then hashes the workspace as before.
 */
export function parseIndex(data: Buffer): ParsedIndex | null {
  if (data.length < HEADER + OID_BYTES || data.toString("latin1", 0, 4) !== "DIRC") return null;
  const version = data.readUInt32BE(4);
  if (version < 2 || version > 4) return null;
  const body = data.subarray(0, data.length - OID_BYTES);
  const checksum = createHash("sha1").update(body).digest();
  if (!checksum.equals(data.subarray(data.length - OID_BYTES))) return null;
  const count = data.readUInt32BE(8);
  const entries: IndexEntry[] = [];
  let offset = HEADER;
  let previous = "";
  for (let i = 0; i < count; i++) {
    const start = offset;
    if (offset + STAT_BYTES + OID_BYTES + 2 > body.length) return null;
    const flags = data.readUInt16BE(start + STAT_BYTES + OID_BYTES);
    offset = start + STAT_BYTES + OID_BYTES + 2;
    let extended = 0;
    if (flags & EXTENDED) {
      if (version < 3) return null;
      extended = data.readUInt16BE(offset);
      offset += 2;
    }
    let name: string;
    if (version === 4) {
      // v4: a varint saying how many bytes to drop from the end of the previous path, then the rest, NUL-ended.
      let strip = 0;
      for (let byte = 0x80, first = true; byte & 0x80; first = false) {
        if (offset >= body.length) return null;
        byte = data[offset++] ?? 0;
        strip = first ? byte & 0x7f : ((strip + 1) << 7) | (byte & 0x7f);
      }
      const end = data.indexOf(0, offset);
      if (end < 0 || end >= body.length || strip > previous.length) return null;
      name = previous.slice(0, previous.length - strip) + data.toString("latin1", offset, end);
      offset = end + 1;
    } else {
      const end = data.indexOf(0, offset);
      if (end < 0 || end >= body.length) return null;
      name = data.toString("latin1", offset, end);
      // Entries are padded with 1–8 NULs to a multiple of 8 bytes.
      offset = start + ((end - start + 8) & ~7);
    }
    previous = name;
    const usable =
      (flags & (ASSUME_VALID | STAGE_MASK)) === 0 && (extended & (SKIP_WORKTREE | INTENT_TO_ADD)) === 0;
    if (!usable) continue;
    const oid = data.toString("hex", start + STAT_BYTES, start + STAT_BYTES + OID_BYTES);
    entries.push({
      raw: data.subarray(start, start + STAT_BYTES + OID_BYTES),
      mode: data.readUInt32BE(start + 24),
      size: data.readUInt32BE(start + 36),
      oid,
      // Paths are bytes; latin1 keeps every byte as one char so they survive the round trip unchanged.
      path: name,
    });
  }
  const extensions: string[] = [];
  let cacheTree: Buffer | undefined;
  while (offset + 8 <= body.length) {
    const signature = data.toString("latin1", offset, offset + 4);
    const size = data.readUInt32BE(offset + 4);
    extensions.push(signature);
    if (signature === "TREE") cacheTree = data.subarray(offset + 8, offset + 8 + size);
    offset += 8 + size;
  }
  if (offset !== body.length) return null;
  return { version, entries, count, extensions, ...(cacheTree ? { cacheTree } : {}) };
}

/**
 * The tree ids a cache-tree payload holds (its valid directories; an invalidated one, entry count -1, has none),
 * or null when it does not parse. Entry: path NUL, entry count, space, subtree count, newline, then the id.
 */
export function cacheTreeIds(payload: Buffer): string[] | null {
  const ids: string[] = [];
  let offset = 0;
  while (offset < payload.length) {
    const nul = payload.indexOf(0, offset);
    const newline = nul < 0 ? -1 : payload.indexOf(0x0a, nul);
    if (nul < 0 || newline < 0) return null;
    const [entries] = payload.toString("latin1", nul + 1, newline).split(" ");
    offset = newline + 1;
    if (Number(entries) < 0) continue;
    if (offset + OID_BYTES > payload.length) return null;
    ids.push(payload.toString("hex", offset, offset + OID_BYTES));
    offset += OID_BYTES;
  }
  return ids;
}

/**
 * A version 2 index holding `entries` (sorted by path as git sorts: bytewise) and, when given, a cache-tree
 * payload that describes exactly these entries.
 */
export function writeIndex(entries: readonly IndexEntry[], cacheTree?: Buffer): Buffer {
  const names = entries.map((e) => Buffer.from(e.path, "latin1"));
  const sizeOf = (name: Buffer) => (STAT_BYTES + OID_BYTES + 2 + name.length + 8) & ~7;
  const entriesEnd = HEADER + names.reduce((sum, name) => sum + sizeOf(name), 0);
  const length = entriesEnd + (cacheTree ? 8 + cacheTree.length : 0);
  // One allocation, zero-filled: the padding NULs are already there.
  const out = Buffer.alloc(length + OID_BYTES);
  out.write("DIRC", 0, "latin1");
  out.writeUInt32BE(2, 4);
  out.writeUInt32BE(entries.length, 8);
  let offset = HEADER;
  entries.forEach((e, i) => {
    const name = names[i] as Buffer;
    e.raw.copy(out, offset, 0, STAT_BYTES + OID_BYTES);
    out.writeUInt16BE(Math.min(name.length, 0xfff), offset + STAT_BYTES + OID_BYTES);
    name.copy(out, offset + STAT_BYTES + OID_BYTES + 2);
    offset += sizeOf(name);
  });
  if (cacheTree) {
    out.write("TREE", entriesEnd, "latin1");
    out.writeUInt32BE(cacheTree.length, entriesEnd + 4);
    cacheTree.copy(out, entriesEnd + 8);
  }
  createHash("sha1").update(out.subarray(0, length)).digest().copy(out, length);
  return out;
}
