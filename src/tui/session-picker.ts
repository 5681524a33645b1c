/**
 * The session picker `/resume` (no id) and bare `tandem resume` open over the live part: saved sessions of this
 * folder first, then the others, each group newest first. Typing filters (a substring of the first message or
 * the id, any case), Up/Down move, Enter picks, Esc closes. Pure state and rows; the app routes keys here while
 * it is open and resumes the pick exactly as `/resume ID` does.
 */
import type { SessionInfo } from "../core/session/list.ts";
import type { Key } from "./keys.ts";
import { visibleControls } from "./shell-escape-text.ts";
import type { Style } from "./style.ts";
import { wrapLine } from "./text-width.ts";

export interface SessionPickerOptions {
  /** Saved sessions, newest first (`listSessions`). */
  sessions: readonly SessionInfo[];
  /** The session's folder: its sessions are listed first. */
  cwd: string;
  /** The session open now, left out. */
  exclude?: string;
}

export type PickerAction = { type: "none" } | { type: "close" } | { type: "pick"; id: string };

export interface SessionPicker {
  readonly filter: string;
  /** The sessions the filter keeps, in the order shown. */
  matches(): SessionInfo[];
  readonly selected: SessionInfo | undefined;
  key(key: Key): PickerAction;
  /** At most `maxRows` rows (at least 5), each wrapped to one row of `width`. */
  rows(width: number, maxRows: number, style: Style): string[];
}

/** Sessions worth offering: not the open one, and with at least one message (a session never used has none). */
export function pickableSessions(options: SessionPickerOptions): SessionInfo[] {
  const usable = options.sessions.filter((s) => s.id !== options.exclude && s.preview !== "");
  return [...usable.filter((s) => s.cwd === options.cwd), ...usable.filter((s) => s.cwd !== options.cwd)];
}

const when = (s: SessionInfo) => s.last_activity.slice(0, 16).replace("T", " ");

export function createSessionPicker(options: SessionPickerOptions): SessionPicker {
  const all = pickableSessions(options);
  let filter = "";
  let index = 0;
  const matches = () => {
    const f = filter.toLowerCase();
    return f ? all.filter((s) => s.preview.toLowerCase().includes(f) || s.id.toLowerCase().includes(f)) : all;
  };
  const setFilter = (value: string) => {
    filter = value;
    index = 0;
  };

  return {
    get filter() {
      return filter;
    },
    matches,
    get selected() {
      return matches()[index];
    },
    key(key) {
      const count = matches().length;
      switch (key.name) {
        case "text":
        case "paste":
          setFilter(filter + key.text.replace(/\s+/g, " "));
          break;
        case "backspace":
          setFilter(filter.slice(0, -1));
          break;
        case "ctrl-u":
        case "ctrl-w":
          setFilter("");
          break;
        case "up":
          index = count === 0 ? 0 : (index - 1 + count) % count;
          break;
        case "down":
          index = count === 0 ? 0 : (index + 1) % count;
          break;
        case "enter": {
          const chosen = matches()[index];
          return chosen ? { type: "pick", id: chosen.id } : { type: "none" };
        }
        case "escape":
        case "ctrl-c":
        case "ctrl-d":
          return { type: "close" };
        default:
          break;
      }
      return { type: "none" };
    },
    rows(width, maxRows, s) {
      const list = matches();
      const room = Math.max(1, Math.max(5, maxRows) - 4);
      // Keep the selection in view: a window of `room` rows around it.
      const start = Math.min(Math.max(0, index - Math.floor(room / 2)), Math.max(0, list.length - room));
      const oneRow = (text: string) => wrapLine(text, width)[0] ?? "";
      const rows = [
        "",
        oneRow(
          `${s.bold("Resume a session")} ${s.dim("· type to filter · ↑/↓ choose · Enter resume · Esc close")}`,
        ),
        oneRow(`${s.dim("filter:")} ${filter}${s.inverse(" ")}`),
      ];
      if (list.length === 0) rows.push(s.dim(`  no session matches "${filter}"`));
      for (let i = start; i < Math.min(list.length, start + room); i++) {
        const info = list[i] as SessionInfo;
        const elsewhere = info.cwd === options.cwd ? "" : s.dim(`  (${info.cwd})`);
        const text = `${info.id}  ${when(info)}  ${visibleControls(info.preview)}`;
        rows.push(i === index ? oneRow(s.inverse(`› ${text}`) + elsewhere) : oneRow(`  ${text}${elsewhere}`));
      }
      const more = list.length - Math.min(list.length, start + room);
      if (more > 0) rows.push(s.dim(`  … ${more} more`));
      return rows;
    },
  };
}
