/**
 * Finding `old_string` in a file for the edit tool: exact first; when there is no exact match, a line-wise
 * match that ignores trailing whitespace, then one that also ignores indentation (re-indenting the new text
 * by the same amount). A tolerant match is used only when it is unique, and the caller tells the model.
 * All text is in byte space (see edit-text.ts) with the file's line endings already applied to old and new.
 */
import { fromBytes, leadingWhitespace, trimAscii, trimEndAscii } from "./edit-text.ts";

export type MatchResult =
  | { ok: true; text: string; count: number; firstLine: number; tolerant?: string }
  | { ok: false; error: string };

export interface ReplaceRequest {
  text: string;
  oldText: string;
  newText: string;
  replaceAll: boolean;
  eol: "\n" | "\r\n";
}

const MAX_LISTED = 10;

export function replaceText(req: ReplaceRequest): MatchResult {
  const exact = findAll(req.text, req.oldText);
  if (exact.length === 1 || (exact.length > 1 && req.replaceAll)) {
    const parts: string[] = [];
    let last = 0;
    for (const at of exact) {
      parts.push(req.text.slice(last, at), req.newText);
      last = at + req.oldText.length;
    }
    parts.push(req.text.slice(last));
    return {
      ok: true,
      text: parts.join(""),
      count: exact.length,
      firstLine: lineOf(req.text, exact[0] ?? 0),
    };
  }
  if (exact.length > 1) {
    const lines = lineNumbers(req.text, exact);
    return {
      ok: false,
      error: `old_string matches ${exact.length} times (lines ${lines}). Include more surrounding lines to make it unique, or set replace_all.`,
    };
  }
  return tolerantReplace(req);
}

function tolerantReplace(req: ReplaceRequest): MatchResult {
  const fileLines = req.text.split("\n");
  const oldLines = req.oldText.split("\n");
  const oldEndsWithEol = oldLines.length > 1 && oldLines[oldLines.length - 1] === "";
  if (oldEndsWithEol) oldLines.pop();
  const passes: Array<{ name: string; norm: (s: string) => string }> = [
    { name: "ignoring trailing whitespace and line endings", norm: trimEndAscii },
    { name: "ignoring indentation and trailing whitespace", norm: trimAscii },
  ];
  for (const pass of passes) {
    const wanted = oldLines.map(pass.norm);
    if (wanted.every((l) => l === "")) break;
    const starts: number[] = [];
    for (let i = 0; i + wanted.length <= fileLines.length; i++) {
      let ok = true;
      for (let k = 0; k < wanted.length; k++) {
        if (pass.norm(fileLines[i + k] ?? "") !== wanted[k]) {
          ok = false;
          break;
        }
      }
      if (ok) starts.push(i);
    }
    if (starts.length > 1) {
      const shown = starts.slice(0, MAX_LISTED).map((s) => s + 1);
      return {
        ok: false,
        error: `old_string has no exact match and matches ${starts.length} places ${pass.name} (lines ${shown.join(", ")}). Copy the exact text from the file, with more context.`,
      };
    }
    const start = starts[0];
    if (start === undefined) continue;
    let newText = req.newText;
    if (oldEndsWithEol && newText.endsWith(req.eol)) newText = newText.slice(0, -req.eol.length);
    else if (oldEndsWithEol && newText.endsWith("\n")) newText = newText.slice(0, -1);
    if (pass.norm === trimAscii) newText = reindent(newText, oldLines, fileLines.slice(start), req.eol);
    const before = fileLines.slice(0, start).join("\n");
    const lastLine = fileLines[start + oldLines.length - 1] ?? "";
    // Keep the region's own CR when the new text does not bring one (CRLF file, last replaced line).
    const keepCr = req.eol === "\r\n" && lastLine.endsWith("\r") && !newText.endsWith("\r") ? "\r" : "";
    const after = fileLines.slice(start + oldLines.length).join("\n");
    const hasAfter = start + oldLines.length < fileLines.length;
    // Deleting whole lines (old ended with a line break, new is empty) removes their line breaks too.
    const deletesLines = oldEndsWithEol && req.newText === "";
    const text = deletesLines
      ? hasAfter
        ? `${start > 0 ? `${before}\n` : ""}${after}`
        : before
      : `${start > 0 ? `${before}\n` : ""}${newText}${hasAfter ? `${keepCr}\n${after}` : ""}`;
    return { ok: true, text, count: 1, firstLine: start + 1, tolerant: pass.name };
  }
  return { ok: false, error: notFound(fileLines, oldLines) };
}

/** Shifts the new text's indentation by the difference between the model's and the file's first line. */
function reindent(newText: string, oldLines: string[], region: string[], eol: string): string {
  const k = oldLines.findIndex((l) => trimAscii(l) !== "");
  if (k < 0) return newText;
  const modelIndent = leadingWhitespace(oldLines[k] ?? "");
  const fileIndent = leadingWhitespace(region[k] ?? "");
  if (modelIndent === fileIndent) return newText;
  return newText
    .split(eol)
    .map((line) =>
      line.startsWith(modelIndent) && trimAscii(line) !== ""
        ? fileIndent + line.slice(modelIndent.length)
        : line,
    )
    .join(eol);
}

function notFound(fileLines: string[], oldLines: string[]): string {
  const base =
    "old_string was not found in the file (not even ignoring whitespace). Read the file again and copy the exact text.";
  const closest = closestRegion(fileLines, oldLines);
  return closest ? `${base}\n${closest}` : base;
}

/**
 * The window of the file sharing the most (trimmed, non-trivial) lines with `wanted`, numbered like `read`
 * output, or undefined when no line is shared. Linear in the file: only lines equal to a wanted line vote.
 * Both arguments are byte-space lines.
 */
export function closestRegion(fileLines: string[], wanted: string[]): string | undefined {
  const positions = new Map<string, number[]>();
  wanted.forEach((line, k) => {
    const t = trimAscii(line);
    if (t.length < 3) return;
    const list = positions.get(t) ?? [];
    list.push(k);
    positions.set(t, list);
  });
  if (positions.size === 0) return undefined;
  const score = new Map<number, number>();
  fileLines.forEach((line, j) => {
    for (const k of positions.get(trimAscii(line)) ?? []) score.set(j - k, (score.get(j - k) ?? 0) + 1);
  });
  let best = 0;
  let bestScore = 0;
  for (const [start, s] of score) {
    if (s > bestScore) {
      best = start;
      bestScore = s;
    }
  }
  if (bestScore === 0) return undefined;
  const from = Math.max(0, best);
  const to = Math.min(fileLines.length, best + Math.min(wanted.length, 12));
  const shown = fileLines
    .slice(from, to)
    .map((l, i) => `${String(from + i + 1).padStart(6)}\t${fromBytes(trimEndAscii(l))}`)
    .join("\n");
  return `Closest region (${bestScore} of ${wanted.length} lines agree):\n${shown}`;
}

function findAll(text: string, needle: string): number[] {
  const found: number[] = [];
  if (needle === "") return found;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length))
    found.push(at);
  return found;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function lineNumbers(text: string, offsets: number[]): string {
  const shown = offsets.slice(0, MAX_LISTED).map((o) => lineOf(text, o));
  return offsets.length > MAX_LISTED ? `${shown.join(", ")}, …` : shown.join(", ");
}
