/**
 * The session picker `/resume` (no id) and bare `tandem resume` open over the live part: saved sessions of this
 * folder first, then the others, each group newest first. Typing filters (a substring of the first message or
 * the id, any case), Up/Down move, Enter picks, Esc closes. Pure state and rows; the app routes keys here while
 * it is open and resumes the pick exactly as `/resume ID` does.
 */
import type { SessionInfo } from "../core/session/list.ts";
import { inertLine } from "./inert-text.ts";
import { createListPicker, type ListPicker } from "./list-picker.ts";

export interface SessionPickerOptions {
  /** Saved sessions, newest first (`listSessions`). */
  sessions: readonly SessionInfo[];
  /** The session's folder: its sessions are listed first. */
  cwd: string;
  /** The session open now, left out. */
  exclude?: string;
}

export type SessionPicker = ListPicker<SessionInfo>;

/** Sessions worth offering: not the open one, and with at least one message (a session never used has none). */
export function pickableSessions(options: SessionPickerOptions): SessionInfo[] {
  const usable = options.sessions.filter((s) => s.id !== options.exclude && s.preview !== "");
  return [...usable.filter((s) => s.cwd === options.cwd), ...usable.filter((s) => s.cwd !== options.cwd)];
}

const when = (s: SessionInfo) => s.last_activity.slice(0, 16).replace("T", " ");

export function createSessionPicker(options: SessionPickerOptions): SessionPicker {
  return createListPicker({
    items: pickableSessions(options),
    title: "Resume a session",
    action: "resume",
    noun: "session",
    searchText: (info) => `${info.preview}\n${info.id}`,
    row: (info) => ({
      text: `${info.id}  ${when(info)}  ${inertLine(info.preview)}`,
      ...(info.cwd === options.cwd ? {} : { note: `(${info.cwd})` }),
    }),
    command: (id) => `/resume ${id}`,
  });
}
