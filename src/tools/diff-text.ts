/**
 * Short unified diffs for the model and the UI. The common head and tail of the two texts are skipped before
 * diffing, so a one-line change in a 1 MB file costs a diff of a few lines, not of the whole file.
 */
import { formatPatch, structuredPatch } from "diff";

export interface DiffOptions {
  /** Unchanged lines shown around each change. Default 3. */
  context?: number;
}

export interface DiffStats {
  added: number;
  removed: number;
}

/** A unified diff of `before` → `after` with `--- a/path`/`+++ b/path` headers; "" when they are equal. */
export function unifiedDiff(path: string, before: string, after: string, options: DiffOptions = {}): string {
  if (before === after) return "";
  const context = options.context ?? 3;
  // The changed span, widened to whole lines plus `context` lines each side. The common tail is measured from
  // the end, so the same distance cuts both texts.
  const head = commonPrefix(before, after);
  const tail = commonSuffix(before, after, Math.min(before.length, after.length) - head);
  let start = before.lastIndexOf("\n", head - 1) + 1;
  for (let c = 0; c < context && start > 0; c++) start = before.lastIndexOf("\n", start - 2) + 1;
  let end = before.length - tail;
  if (end > 0 && before[end - 1] !== "\n") end = lineEnd(before, end);
  for (let c = 0; c < context && end < before.length; c++) end = lineEnd(before, end);
  const fromEnd = before.length - end;
  const firstLine = countLines(before, start);
  const patch = structuredPatch(
    `a/${path}`,
    `b/${path}`,
    before.slice(start, end),
    after.slice(start, after.length - fromEnd),
    undefined,
    undefined,
    { context },
  );
  for (const hunk of patch.hunks) {
    hunk.oldStart += firstLine;
    hunk.newStart += firstLine;
  }
  return formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: true });
}

const BLOCK = 4096;

function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= max && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (
    n + BLOCK <= max &&
    a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)
  ) {
    n += BLOCK;
  }
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** Index just past the line break at or after `from` (or the text's end). */
function lineEnd(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  return nl === -1 ? text.length : nl + 1;
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** Counts `+`/`-` lines of a unified diff (headers excluded). */
export function diffStats(diff: string): DiffStats {
  let added = 0;
  let removed = 0;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+") && !line.startsWith("+++ ")) added++;
    else if (line.startsWith("-") && !line.startsWith("--- ")) removed++;
  }
  return { added, removed };
}

/** Keeps at most `maxLines` lines of a diff, saying how many were left out. */
export function shortenDiff(diff: string, maxLines: number): string {
  const lines = diff.replace(/\n$/, "").split("\n");
  if (lines.length <= maxLines) return lines.join("\n");
  return [...lines.slice(0, maxLines), `[… ${lines.length - maxLines} more diff lines]`].join("\n");
}
