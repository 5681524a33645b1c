/**
 * Rows for collapsed and expanded items: reasoning committed as its first rows and a hint, and an entry of
 * the expandable store printed in full (framed, capped) when Ctrl+O or /expand asks for it. Also decides
 * which committed items go into the store.
 */

import type { ExpandableEntry, ExpandableStore } from "./expandable.ts";
import { inertText } from "./inert-text.ts";
import type { Style } from "./style.ts";
import { stripAnsi, wrapText } from "./text-width.ts";
import { renderDiffRows } from "./tool-diff.ts";
import type { Item } from "./view-state.ts";

/** Reasoning rows shown in the transcript before `… N more lines (Ctrl+O to expand)`. */
export const REASONING_ROWS = 3;
/** Rows an expanded entry prints at most, then `… N more lines` (and the full-output file, if any). */
export const MAX_EXPANDED_ROWS = 500;

/**
 * Text from a tool or a model must not drive the terminal: escape sequences (a coloured `ls`) are dropped,
 * a carriage return keeps what was drawn last on its line (progress bars), tabs become spaces, and other
 * control characters show as `^X` text.
 */
export function plainText(text: string): string {
  return stripAnsi(text)
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => {
      const drawn = line.replace(/\r+$/, "");
      return inertText(drawn.slice(drawn.lastIndexOf("\r") + 1).replace(/\t/g, "    "));
    })
    .join("\n");
}

const reasoningBody = (text: string, width: number) => wrapText(plainText(text), width - 2);

/** True when the reasoning takes more than REASONING_ROWS rows at this width (so it is shown collapsed). */
export function reasoningCollapses(text: string, width: number): boolean {
  return reasoningBody(text, width).length > REASONING_ROWS;
}

/** Committed reasoning: dimmed, italic, indented; its first REASONING_ROWS rows and a hint when longer. */
export function reasoningRows(text: string, width: number, s: Style): string[] {
  const rows = reasoningBody(text, width).map((r) => s.dim(s.italic(`  ${r}`)));
  if (rows.length <= REASONING_ROWS) return rows;
  const more = rows.length - REASONING_ROWS;
  return [
    ...rows.slice(0, REASONING_ROWS),
    s.dim(`  … ${more} more line${more === 1 ? "" : "s"} (Ctrl+O to expand)`),
  ];
}

/**
 * Keeps a committed item for Ctrl+O when it has something the transcript does not show: a tool call's
 * non-empty output, or reasoning shown collapsed at this width.
 */
export function rememberItem(store: ExpandableStore, item: Item, width: number): void {
  if (item.kind === "tool" && item.output?.trim()) {
    store.add({
      kind: "tool",
      title: `${item.tool}${item.summary ? ` ${item.summary}` : ""}`,
      text: item.output,
      ...(item.full_output_path ? { fullOutputPath: item.full_output_path } : {}),
    });
  } else if (item.kind === "reasoning" && reasoningCollapses(item.text, width)) {
    store.add({ kind: "reasoning", title: "reasoning", text: item.text });
  }
}

/** An entry in full: a dim frame (`┌ title`, `│ ` rows, `└`), at most `maxRows` rows of text. */
export function expandedRows(
  entry: ExpandableEntry,
  width: number,
  s: Style,
  maxRows: number = MAX_EXPANDED_ROWS,
): string[] {
  const head = wrapText(`┌ ${plainText(entry.title).split("\n")[0] ?? ""}`, width)[0] ?? "┌";
  // A diff keeps its colours and line numbers (tool-diff.ts); its own row says what was left out.
  if (entry.kind === "diff") {
    const rows = renderDiffRows(entry.text, Math.max(1, width - 1), s, maxRows);
    return ["", s.dim(head), ...rows.map((r) => `${s.dim("│")}${r}`), s.dim("└")];
  }
  const body = wrapText(plainText(entry.text.replace(/\n+$/, "")), Math.max(1, width - 2));
  const shown = body.slice(0, maxRows);
  const paint = entry.kind === "reasoning" ? (r: string) => s.dim(s.italic(r)) : (r: string) => r;
  const rows = ["", s.dim(head), ...shown.map((r) => `${s.dim("│")} ${paint(r)}`)];
  const hidden = body.length - shown.length;
  if (hidden > 0) {
    const file = entry.fullOutputPath ? ` · full output: ${entry.fullOutputPath}` : "";
    rows.push(...wrapText(s.dim(`└ … ${hidden} more line${hidden === 1 ? "" : "s"}${file}`), width));
  } else {
    rows.push(s.dim("└"));
  }
  return rows;
}

/**
 * Keeps the whole diff of a change asked for approval, as the newest entry, so the first Ctrl+O prints it
 * (the prompt shows its first rows only).
 */
export function rememberApprovalDiff(store: ExpandableStore, title: string, diff: string): void {
  store.add({ kind: "diff", title: `${title} (the change asked for approval)`, text: diff });
  store.resetWalk();
}

/**
 * What Ctrl+O (`n` undefined: the next step of the walk back) or `/expand N` (the `n`-th newest) prints:
 * the entry in full, or an info notice saying why there is none.
 */
export function expandItem(store: ExpandableStore, n: number | undefined, width: number, s: Style): Item {
  const entry = n === undefined ? store.next() : store.nth(n);
  if (entry) return { kind: "output", lines: expandedRows(entry, width, s) };
  const text =
    store.size === 0
      ? "nothing to expand: no tool output or long reasoning yet"
      : n !== undefined
        ? `only ${store.size} kept to expand (the UI keeps the newest ${store.maxEntries}, ${Math.round(store.maxBytes / 1024)} KB at most)`
        : "no older output kept to expand; Ctrl+O again starts from the newest";
  return { kind: "notice", level: "info", text };
}
