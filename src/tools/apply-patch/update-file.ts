/**
 * New content of one updated file from its chunks, in byte space: bytes outside the replaced lines are kept
 * exactly (invalid UTF-8 included), CRLF files stay CRLF, a BOM stays, and the result ends with a newline
 * (as Codex does).
 */
import { closestRegion } from "../edit-match.ts";
import { decodeFile, encodeFile, toBytes } from "../edit-text.ts";
import type { UpdateChunk } from "./parser.ts";
import { type SeekLevel, seekSequence } from "./seek.ts";

export type UpdateResult =
  | { ok: true; bytes: Buffer; tolerant: SeekLevel[] }
  /** `hint`: the closest region of the file, numbered, when one shares lines with the hunk. */
  | { ok: false; chunkIndex: number; reason: string; hint?: string };

export function applyChunks(original: Uint8Array, chunks: UpdateChunk[]): UpdateResult {
  if (chunks.length === 0) return { ok: true, bytes: Buffer.from(original), tolerant: [] };
  const file = decodeFile(original);
  const lines = file.text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  if (file.crlf) for (let i = 0; i < lines.length; i++) lines[i] = (lines[i] ?? "").replace(/\r$/, "");

  const replacements: Array<{ at: number; remove: number; insert: string[] }> = [];
  const tolerant: SeekLevel[] = [];
  let cursor = 0;
  for (const [index, chunk] of chunks.entries()) {
    if (chunk.anchor !== undefined) {
      const hit = seekSequence(lines, [toBytes(chunk.anchor)], cursor, false);
      if (!hit)
        return { ok: false, chunkIndex: index, reason: `the anchor line '@@ ${chunk.anchor}' was not found` };
      if (hit.level !== "exact") tolerant.push(hit.level);
      cursor = hit.index + 1;
    }
    const newLines = chunk.newLines.map(toBytes);
    if (chunk.oldLines.length === 0) {
      // Pure insertion: after the anchor when there is one (Codex appends at the end of the file).
      const at = chunk.anchor !== undefined ? cursor : lines.length;
      replacements.push({ at, remove: 0, insert: newLines });
      continue;
    }
    let oldLines = chunk.oldLines.map(toBytes);
    let hit = seekSequence(lines, oldLines, cursor, chunk.endOfFile);
    // A trailing empty line often stands for the file's final newline, which `lines` does not hold.
    if (!hit && oldLines[oldLines.length - 1] === "") {
      oldLines = oldLines.slice(0, -1);
      if (newLines[newLines.length - 1] === "") newLines.pop();
      hit = seekSequence(lines, oldLines, cursor, chunk.endOfFile);
    }
    if (!hit) {
      const where = chunk.endOfFile ? " at the end of the file" : cursor > 0 ? ` after line ${cursor}` : "";
      const reason = `the lines above (context and '-') were not found${where}`;
      const hint = closestRegion(lines, oldLines);
      return { ok: false, chunkIndex: index, reason, ...(hint ? { hint } : {}) };
    }
    if (hit.level !== "exact") {
      tolerant.push(hit.level);
      // Context lines keep the file's text (its whitespace, quotes), not the loose copy in the patch.
      for (const [j, k] of chunk.newFromOld.entries()) {
        if (j < newLines.length && k >= 0 && k < oldLines.length) newLines[j] = lines[hit.index + k] ?? "";
      }
    }
    replacements.push({ at: hit.index, remove: oldLines.length, insert: newLines });
    cursor = hit.index + oldLines.length;
  }

  replacements.sort((a, b) => a.at - b.at);
  const out: string[] = [];
  let pos = 0;
  for (const r of replacements) {
    for (; pos < r.at; pos++) out.push(lines[pos] ?? "");
    out.push(...r.insert);
    pos = Math.max(pos, r.at + r.remove);
  }
  for (; pos < lines.length; pos++) out.push(lines[pos] ?? "");
  const eol = file.crlf ? "\r\n" : "\n";
  const text = out.length === 0 ? "" : out.join(eol) + eol;
  return { ok: true, bytes: encodeFile(file, text), tolerant };
}
