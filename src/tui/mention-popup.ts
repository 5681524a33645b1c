/**
 * The `@` file popup shown just above the composer: it follows the word at the cursor, lists up to
 * `limit` matching paths from the workspace's file index, and owns Up/Down/Tab/Enter/Esc while it shows.
 * Matching runs when the popup is drawn (at most once a frame), so fast typing is coalesced.
 */
import type { Composer } from "./composer.ts";
import { createFileIndex, type FileIndex, type FileIndexSnapshot } from "./file-index.ts";
import { inertText } from "./inert-text.ts";
import type { KeyName } from "./keys.ts";
import {
  createPathMatcher,
  type MentionQuery,
  mentionAt,
  mentionText,
  type PathMatch,
  type PathMatcher,
} from "./mention.ts";
import type { Style } from "./style.ts";
import { cutLine, visibleWidth } from "./text-width.ts";

export interface MentionPopupOptions {
  style: Style;
  /** The workspace folder (read at each index build). */
  cwd: () => string;
  /** A redraw is needed: the file index landed. */
  onChange: () => void;
  /** Rows shown. Default 8. */
  limit?: number;
  /** The file index; default one over `cwd` (rg, git, walk; 100,000 paths; rebuilt when 30 s old). */
  index?: FileIndex;
}

export interface MentionPopup {
  /** Follows the composer after a key: opens, narrows or closes. */
  update(text: string, cursor: number): void;
  /** True while it shows (a mention is being typed and Esc has not closed it). */
  readonly open: boolean;
  /** Rows above the composer; none when closed. */
  rows(width: number): string[];
  /**
   * A key while open: Up/Down move, Tab/Enter accept (replacing `@query` in the composer), Esc closes.
   * Returns false for keys it leaves to the composer (Up/Down/Enter when nothing matches).
   */
  handleKey(name: KeyName, composer: Composer): boolean;
  /** Stops a file listing still running (the app is closing). */
  dispose(): void;
}

export function createMentionPopup(options: MentionPopupOptions): MentionPopup {
  const s = options.style;
  const limit = options.limit ?? 8;
  const index = options.index ?? createFileIndex({ cwd: options.cwd, onChange: options.onChange });
  let current: MentionQuery | undefined;
  /** Where the mention Esc closed starts: it stays closed while that word is edited. */
  let dismissed: number | undefined;
  let selected = 0;
  let matcher: { snapshot: FileIndexSnapshot; matcher: PathMatcher } | undefined;
  let cache: { query: string; matcher: PathMatcher; results: PathMatch[] } | undefined;

  const results = (): PathMatch[] | undefined => {
    const snapshot = index.snapshot;
    // A snapshot of another folder (the session switched) is not offered while the new one builds.
    if (!current || !snapshot || snapshot.cwd !== options.cwd()) return undefined;
    if (matcher?.snapshot !== snapshot)
      matcher = { snapshot, matcher: createPathMatcher(snapshot.entries, { limit }) };
    if (cache?.query !== current.query || cache.matcher !== matcher.matcher) {
      cache = {
        query: current.query,
        matcher: matcher.matcher,
        results: matcher.matcher.match(current.query),
      };
      selected = Math.min(selected, Math.max(0, cache.results.length - 1));
    }
    return cache.results;
  };

  const accept = (composer: Composer, path: string) => {
    if (!current) return;
    let value = mentionText(path);
    const next = composer.text[current.end];
    // Keep one space: the text after the mention may already start with one.
    const spaceAfter = next !== undefined && /\s/.test(next);
    if (spaceAfter && value.endsWith(" ")) value = value.slice(0, -1);
    composer.replace(current.start, current.end, value);
    if (spaceAfter && !path.endsWith("/")) composer.right();
    popup.update(composer.text, composer.cursor);
  };

  const popup: MentionPopup = {
    update(text, cursor) {
      const found = mentionAt(text, cursor);
      if (!found) {
        current = undefined;
        dismissed = undefined;
        return;
      }
      if (found.start === dismissed) {
        current = undefined;
        return;
      }
      dismissed = undefined;
      if (current?.query !== found.query || current.start !== found.start) selected = 0;
      current = found;
      index.request();
    },
    get open() {
      return current !== undefined;
    },
    rows(width) {
      if (!current) return [];
      const found = results();
      if (!found) return [s.dim("  @ listing files…")];
      if (found.length === 0) return [s.dim(`  @ no file matches "${inertText(current.query)}"`)];
      // File names may hold control characters (shown inert) and wide characters (each row cut to the width).
      const oneRow = (row: string) => (visibleWidth(row) > width ? cutLine(row, width) : row);
      return found.map((m, i) => {
        const room = width - 3;
        const cut = m.path.length > room;
        const shown = inertText(cut ? `…${m.path.slice(m.path.length - room + 1)}` : m.path);
        const row = oneRow(`  @${shown}`);
        if (i === selected) return s.inverse(row + " ".repeat(Math.max(0, width - visibleWidth(row))));
        // The matched characters in bold (fzf counts code points), unless the path was cut to fit.
        const marked = cut ? shown : highlight(m.path, m.positions, s.bold);
        return oneRow(m.path.endsWith("/") ? s.cyan(`  @${marked}`) : `  @${marked}`);
      });
    },
    dispose: () => index.dispose(),
    handleKey(name, composer) {
      if (!current) return false;
      if (name === "escape") {
        dismissed = current.start;
        current = undefined;
        return true;
      }
      const found = results() ?? [];
      switch (name) {
        case "up":
        case "down":
          if (found.length === 0) return false;
          selected = (selected + (name === "down" ? 1 : found.length - 1)) % found.length;
          return true;
        case "tab":
        case "enter": {
          const pick = found[selected];
          if (!pick) return name === "tab";
          accept(composer, pick.path);
          return true;
        }
        default:
          return false;
      }
    },
  };
  return popup;
}

function highlight(path: string, positions: readonly number[], mark: (text: string) => string): string {
  if (positions.length === 0) return inertText(path);
  const at = new Set(positions);
  return Array.from(path, (ch, i) => (at.has(i) ? mark(inertText(ch)) : inertText(ch))).join("");
}
