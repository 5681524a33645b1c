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
 * Moves the finished blocks of the streaming message into the items waiting for the scrollback. Returns
 * whether anything moved. `streamedOut` counts what went, so `message_done` commits only the rest.
 */
export function commitFinishedBlocks(state: ViewState): boolean {
  const cut = finishedLength(state.streaming);
  if (cut === 0) return false;
  state.pending.push({ kind: "assistant", text: state.streaming.slice(0, cut).trimEnd() });
  state.streaming = state.streaming.slice(cut);
  state.streamedOut += cut;
  return true;
}
