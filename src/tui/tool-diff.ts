/**
 * A file-changing tool call's diff under its one-line summary (the conversation's `diff`, read from the call's
 * `details` in src/conversation/tool-details.ts), with line numbers (the new file's for context and added lines,
 * the old file's for removed ones), `+` green, `-` red, hunk headers dim, at most `maxLines` rows per call.
 */

import { inertLine } from "./inert-text.ts";
import type { Style } from "./style.ts";
import { wrapLine, wrapText } from "./text-width.ts";

/** Rows shown per tool call before "… N more lines". */
export const MAX_DIFF_ROWS = 20;

interface DiffRow {
  kind: "file" | "hunk" | "add" | "del" | "context" | "note";
  num?: number;
  text: string;
}

function parseDiff(diff: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldNo = 0;
  let newNo = 0;
  for (const line of diff.split("\n")) {
    if (line.startsWith("--- ")) continue;
    if (line.startsWith("+++ ")) {
      rows.push({ kind: "file", text: line.slice(4).replace(/^b\//, "") });
      continue;
    }
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      rows.push({ kind: "hunk", text: line });
    } else if (line.startsWith("+")) rows.push({ kind: "add", num: newNo++, text: line });
    else if (line.startsWith("-")) rows.push({ kind: "del", num: oldNo++, text: line });
    else if (line.startsWith(" ")) {
      rows.push({ kind: "context", num: newNo++, text: line });
      oldNo++;
    } else if (line.startsWith("\\")) rows.push({ kind: "note", text: line });
  }
  // One file: its path is already on the tool's line.
  const files = rows.filter((r) => r.kind === "file").length;
  return files === 1 ? rows.filter((r) => r.kind !== "file") : rows;
}

/**
 * The diff as styled rows, each cut to `width`, capped at `maxLines` plus one "… N more lines" row, which
 * ends with `more` when given (how to see the rest).
 */
export function renderDiffRows(
  diff: string,
  width: number,
  s: Style,
  maxLines = MAX_DIFF_ROWS,
  more = "",
): string[] {
  const rows = parseDiff(diff);
  const numWidth = String(Math.max(1, ...rows.map((r) => r.num ?? 0))).length;
  const shown = rows.length > maxLines ? rows.slice(0, maxLines) : rows;
  const out = shown.map((row) => {
    const text = inertLine(row.text.replace(/\r$/, "").replaceAll("\t", "    "));
    const gutter = row.num === undefined ? " ".repeat(numWidth) : String(row.num).padStart(numWidth);
    const plain = (wrapLine(`  ${gutter} ${text}`, width)[0] ?? "").slice(numWidth + 3);
    const lead = `  ${s.dim(gutter)} `;
    switch (row.kind) {
      case "file":
        return `  ${s.bold(wrapLine(inertLine(row.text), width - 2)[0] ?? "")}`;
      case "hunk":
        return lead + s.dim(plain);
      case "add":
        return lead + s.green(plain);
      case "del":
        return lead + s.red(plain);
      default:
        return lead + (row.kind === "note" ? s.dim(plain) : plain);
    }
  });
  if (rows.length > shown.length) {
    const count = `  … ${rows.length - shown.length} more lines${more ? ` · ${more}` : ""}`;
    out.push(...wrapText(count, width).map((r) => s.dim(r)));
  }
  return out;
}
