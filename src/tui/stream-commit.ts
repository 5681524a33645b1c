/**
 * Which part of a streaming answer is finished Markdown: whole blocks that later text cannot change, so the
 * screen writes them to the scrollback as they complete instead of redrawing them every frame and rendering
 * the whole answer at its end. A fast model's last byte is then followed by one small frame, and the user can
 * scroll back through the answer while it streams.
 *
 * A block is finished when a blank line outside a code fence is followed by a line that starts a new block:
 * not indented (that would continue a list item) and not a list item (a list stays one block until it ends,
 * so a loose list keeps its spacing and numbering). Rendered one after another, the finished blocks give the
 * same rows as the whole text rendered at once: blocks are separated by one blank line either way.
 */

import type { ViewState } from "./view-state.ts";

const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:\s|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A line so far that a few more characters could make a list item (`-`, `12`, `3.`). */
const MAYBE_LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)]?)$/;
/**
 * A line so far that is, or may still become, a code fence: one or two backticks or tildes (a third may
 * follow), or a fence whose language tag may still grow (`` ```p `` before `ython`). Not `` `code` `` or
 * `` ``x ``: those can no longer be fences, so a paragraph starting with inline code shows as it streams.
 */
const MAYBE_FENCE = /^ {0,3}(?:`{1,2}|~{1,2}|`{3,}[^`]*|~{3,}.*)$/;

const startsBlock = (line: string) => line.length > 0 && !/^\s/.test(line) && !LIST_ITEM.test(line);

/** Length of the prefix of `text` made of finished blocks (0 when none), ending where the next block starts. */
export function finishedLength(text: string): number {
  let cut = 0;
  let fence: string | undefined;
  let blankBefore = false;
  let start = 0;
  for (;;) {
    const end = text.indexOf("\n", start);
    if (end === -1) {
      // The last line may still grow: it starts a new block only once its start can no longer turn into a
      // list item or an indented continuation.
      const last = text.slice(start);
      return !fence && blankBefore && startsBlock(last) && !MAYBE_LIST_ITEM.test(last) ? start : cut;
    }
    const line = text.slice(start, end);
    if (fence) {
      const trimmed = line.trim();
      if (trimmed.startsWith(fence) && /^(`+|~+)$/.test(trimmed)) fence = undefined;
      blankBefore = false;
    } else {
      if (blankBefore && startsBlock(line)) cut = start;
      fence = FENCE.exec(line)?.[1];
      blankBefore = !fence && line.trim() === "";
    }
    start = end + 1;
  }
}

/**
 * The streaming text as the live view shows it: without a last line that may still become a code fence (its
 * newline has not arrived). Shown early, `` `` `` flashed as a paragraph and `` ```p `` as a code block
 * headed `p` (and was handed to the highlighter as language `p`) until the rest of the line came.
 */
export function withoutPartialFence(text: string): string {
  const start = text.lastIndexOf("\n") + 1;
  return MAYBE_FENCE.test(text.slice(start)) ? text.slice(0, start) : text;
}

/**
 * Moves the finished blocks of the streaming message into the items waiting for the scrollback. Returns
 * whether anything moved. `streamedOut` counts what went, so `message_done` commits only the rest.
 */
export function commitFinishedBlocks(state: ViewState): boolean {
  const cut = finishedLength(state.streaming);
  if (cut === 0) return false;
  const done = state.streaming.slice(0, cut).trimEnd();
  // Blank lines before the first block render as nothing at all; as an item they made an extra blank row.
  if (done) state.pending.push({ kind: "assistant", text: done });
  state.streaming = state.streaming.slice(cut);
  state.streamedOut += cut;
  return true;
}
