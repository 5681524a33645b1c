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
  const a = splitKeepEnds(before);
  const b = splitKeepEnds(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const start = Math.max(0, head - context);
  const endA = a.length - Math.max(0, tail - context);
  const endB = b.length - Math.max(0, tail - context);
  const patch = structuredPatch(
    `a/${path}`,
    `b/${path}`,
    a.slice(start, endA).join(""),
    b.slice(start, endB).join(""),
    undefined,
    undefined,
    { context },
  );
  for (const hunk of patch.hunks) {
    hunk.oldStart += start;
    hunk.newStart += start;
  }
  return formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: true });
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

function splitKeepEnds(text: string): string[] {
  const parts = text.split(/(?<=\n)/);
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}
