/**
 * A small differential renderer for inline terminal UIs (no alternate screen). The screen is two parts:
 * lines already committed, written once above the live part so they scroll into the terminal's scrollback
 * and stay there after exit; and the live part at the bottom (streaming message, status, composer), which
 * is redrawn from its first changed row on each frame. Every frame is one write wrapped in synchronized
 * output (DEC mode 2026) so terminals that support it never show a half-drawn frame.
 *
 * Rows must already be wrapped to the width (see text-width.ts): one string is one screen row. The live
 * part is clipped to its last `rows` rows, so its top is always on screen and never scrolls into the
 * scrollback (which would leave half-finished text there).
 */
import { cutLine, visibleWidth } from "./text-width.ts";

export interface LineRendererOptions {
  write(data: string): void;
  /** Terminal height; the live part is clipped to it. */
  rows(): number;
  /**
   * Terminal width: a live row wider than it is cut to it, so one string stays one screen row even when the
   * layout is wider than a very narrow terminal (or a row was not wrapped). Default: rows are not cut.
   */
  columns?(): number;
}

export interface LineRenderer {
  /** Writes `commit` rows above the live part, then redraws the live part as `live`. */
  render(commit: readonly string[], live: readonly string[]): void;
  /**
   * The width changed: the terminal may have reflowed our rows, so the live part is erased whole (counting
   * how many rows it takes at the new width) and drawn again on the next render.
   */
  resized(columns: number): void;
  /** Leaves the live part on screen and moves below it (for exit). */
  finish(): void;
}

export const SYNC_START = "\x1b[?2026h";
export const SYNC_END = "\x1b[?2026l";

export function createLineRenderer(options: LineRendererOptions): LineRenderer {
  /** Live rows as last drawn; the cursor sits at the start of the last one. */
  let previous: string[] = [];
  /** Screen rows the previous live part takes now (differs from previous.length after a reflow). */
  let physical = 0;
  let erase = false;

  return {
    render(commit, live) {
      const height = Math.max(1, options.rows());
      const cols = options.columns?.() ?? 0;
      const fit = (row: string) => (cols > 0 && visibleWidth(row) > cols ? cutLine(row, cols) : row);
      const next = (live.length > height ? live.slice(live.length - height) : live.slice()).map(fit);
      let out = "";
      let start = 0;
      if (erase || commit.length > 0) start = 0;
      else {
        while (start < next.length && start < previous.length && next[start] === previous[start]) start++;
        if (start === next.length && next.length === previous.length) return;
      }
      // Move from the last live row to the first row to redraw (or below the last, when only appending).
      out += "\r";
      if (physical > 0) {
        const target = Math.min(start, physical - 1);
        const up = Math.min(height - 1, physical - 1 - target);
        if (up > 0) out += `\x1b[${up}A`;
        if (start > target) out += "\n";
      }
      if (erase) out += "\x1b[J";
      // Committed rows are not cut: the terminal wraps one that is too wide, and nothing is redrawn over it.
      for (const row of commit) out += `\x1b[2K${row}\r\n`;
      for (let i = start; i < next.length; i++) {
        out += `\x1b[2K${next[i]}`;
        if (i < next.length - 1) out += "\r\n";
      }
      out += "\r";
      if (next.length === 0) out += "\x1b[J";
      // Clear the rows the previous frame used below the new last row, then come back.
      else if (!erase && previous.length > next.length) out += "\n\x1b[J\x1b[1A";
      options.write(SYNC_START + out + SYNC_END);
      previous = next;
      physical = next.length;
      erase = false;
    },
    resized(columns) {
      // Rows above the cursor after the terminal reflowed the live part: the cursor stays at the start of
      // the last row, which may itself now take several screen rows below it.
      const rowsOf = (row: string) => Math.max(1, Math.ceil(visibleWidth(row) / Math.max(1, columns)));
      let above = 0;
      for (const row of previous.slice(0, -1)) above += rowsOf(row);
      physical = previous.length === 0 ? 0 : Math.min(above, Math.max(0, options.rows() - 1)) + 1;
      erase = true;
    },
    finish() {
      if (previous.length > 0) options.write("\r\n");
      previous = [];
      physical = 0;
    },
  };
}
