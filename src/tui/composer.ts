/**
 * The message editor: multi-line text with a cursor, and the history of what was sent (Up on the first line
 * and Down on the last walk it): this session's, after earlier sessions' given by `prependHistory`. Pure state; keys are mapped onto it in input.ts.
 */
import { clusterAfter, clusterBefore, offsetAtColumn } from "./graphemes.ts";
import { inertText } from "./inert-text.ts";
import { createPastes, type PasteLimits } from "./paste-placeholders.ts";
import type { Style } from "./style.ts";
import { visibleWidth, wrapLine } from "./text-width.ts";

export interface ComposerView {
  rows(width: number): string[];
  /** What is typed, for a view that is an editor (the approval prompt's hint depends on it). */
  readonly text?: string;
}

export interface Composer extends ComposerView {
  /** What is shown, long pastes as their placeholders. */
  readonly text: string;
  readonly cursor: number;
  insert(text: string): void;
  /**
   * Inserts pasted text; a paste over `pasteMaxLines` lines or `pasteMaxChars` characters shows as a
   * placeholder (`[Pasted text #1 +42 lines]`) and is put back in full by `take()`.
   */
  paste(text: string): void;
  /** Replaces `text[start, end)` with `value` and puts the cursor after it (accepting an `@` mention). */
  replace(start: number, end: number, value: string): void;
  backspace(): void;
  deleteForward(): void;
  left(): void;
  right(): void;
  home(): void;
  end(): void;
  /** Up a line, or to the previous history entry from the first line. */
  up(): void;
  down(): void;
  deleteWordBack(): void;
  clear(): void;
  /** Puts earlier entries (oldest first) before the ones recorded so far, e.g. previous sessions' messages. */
  prependHistory(entries: readonly string[]): void;
  /** Returns the text with placeholders replaced by their pastes, records it in the history, and empties the editor. */
  take(): string;
}

export interface ComposerOptions extends PasteLimits {
  style: Style;
  /** Shown dimmed while empty. */
  placeholder?: string;
  /** Prefix of the first row. Default "› ". */
  prompt?: string;
}

/**
 * A recalled message longer than this shows as a paste placeholder: drawing 5 MB of text took ~75 ms a
 * frame, so every key typed after recalling a big paste lagged.
 */
export const RECALL_MAX_CHARS = 100_000;

export function createComposer(options: ComposerOptions): Composer {
  const s = options.style;
  const prompt = options.prompt ?? "› ";
  let text = "";
  let cursor = 0;
  const history: string[] = [];
  let browsing = -1;
  let draft = "";
  const pastes = createPastes(options);

  /** The cursor's screen column in its line (wide characters count two). */
  const column = () => visibleWidth(text.slice(lineStart(cursor), cursor));
  const lineStart = (at: number) => text.lastIndexOf("\n", at - 1) + 1;
  const lineEnd = (at: number) => {
    const i = text.indexOf("\n", at);
    return i === -1 ? text.length : i;
  };
  const insert = (value: string) => {
    text = text.slice(0, cursor) + value + text.slice(cursor);
    cursor += value.length;
  };
  /** A paste placeholder just before the cursor goes whole. */
  const deletePasteBack = (): boolean => {
    const token = pastes.endingAt(text, cursor);
    if (!token) return false;
    text = text.slice(0, cursor - token.length) + text.slice(cursor);
    cursor -= token.length;
    return true;
  };
  const set = (value: string) => {
    text = value;
    cursor = value.length;
  };
  /** A sent message brought back by Up/Down; a huge one (a big paste) as one placeholder, sent in full. */
  const recall = (value: string) => set(value.length > RECALL_MAX_CHARS ? pastes.add(value) : value);

  return {
    get text() {
      return text;
    },
    get cursor() {
      return cursor;
    },
    insert,
    paste(value) {
      insert(pastes.add(value));
    },
    replace(start, end, value) {
      text = text.slice(0, start) + value + text.slice(end);
      cursor = start + value.length;
    },
    backspace() {
      if (cursor === 0) return;
      if (deletePasteBack()) return;
      // A whole character: an emoji, a ZWJ sequence, a letter with its combining accent.
      const step = clusterBefore(text, cursor);
      text = text.slice(0, cursor - step) + text.slice(cursor);
      cursor -= step;
    },
    deleteForward() {
      text = text.slice(0, cursor) + text.slice(cursor + clusterAfter(text, cursor));
    },
    left() {
      cursor -= clusterBefore(text, cursor);
    },
    right() {
      cursor += clusterAfter(text, cursor);
    },
    home() {
      cursor = lineStart(cursor);
    },
    end() {
      cursor = lineEnd(cursor);
    },
    up() {
      const start = lineStart(cursor);
      if (start > 0) {
        const prevStart = lineStart(start - 1);
        cursor = prevStart + offsetAtColumn(text.slice(prevStart, start - 1), column(), visibleWidth);
        return;
      }
      if (history.length === 0 || browsing === 0) return;
      if (browsing === -1) {
        draft = text;
        browsing = history.length;
      }
      browsing--;
      recall(history[browsing] ?? "");
    },
    down() {
      const end = lineEnd(cursor);
      if (end < text.length) {
        cursor = end + 1 + offsetAtColumn(text.slice(end + 1, lineEnd(end + 1)), column(), visibleWidth);
        return;
      }
      if (browsing === -1) return;
      browsing++;
      if (browsing >= history.length) {
        browsing = -1;
        set(draft);
      } else recall(history[browsing] ?? "");
    },
    deleteWordBack() {
      if (deletePasteBack()) return;
      // A placeholder followed by spaces goes whole with them, not cut into a look-alike sent as typed.
      const end = text.slice(0, cursor).trimEnd().length;
      const token = end < cursor ? pastes.endingAt(text, end) : undefined;
      if (token) {
        text = text.slice(0, end - token.length) + text.slice(cursor);
        cursor = end - token.length;
        return;
      }
      const before = text.slice(0, cursor).replace(/\S+\s*$|\s+$/, "");
      text = before + text.slice(cursor);
      cursor = before.length;
    },
    clear() {
      set("");
      browsing = -1;
      pastes.reset();
    },
    prependHistory(entries) {
      history.unshift(...entries);
      if (browsing !== -1) browsing += entries.length;
    },
    take() {
      const value = pastes.expand(text);
      pastes.reset();
      if (value.trim() && history.at(-1) !== value) history.push(value);
      set("");
      browsing = -1;
      draft = "";
      return value;
    },
    rows(width) {
      const pad = " ".repeat(prompt.length);
      if (!text) {
        const hint = options.placeholder ? s.dim(options.placeholder) : "";
        return [`${s.cyan(prompt)}${s.inverse(" ")}${hint}`];
      }
      const rows: string[] = [];
      let offset = 0;
      for (const [i, line] of text.split("\n").entries()) {
        let shown: string;
        if (cursor >= offset && cursor <= offset + line.length) {
          const at = cursor - offset;
          // The cursor cell covers the whole character under it; typed or pasted controls show inert.
          const len = clusterAfter(line, at);
          const ch = len > 0 ? line.slice(at, at + len) : " ";
          shown = inertText(line.slice(0, at)) + s.inverse(inertText(ch)) + inertText(line.slice(at + len));
        } else {
          shown = inertText(line);
        }
        for (const [j, row] of wrapLine(shown, width - prompt.length).entries())
          rows.push((i === 0 && j === 0 ? s.cyan(prompt) : pad) + row);
        offset += line.length + 1;
      }
      return rows;
    },
  };
}
