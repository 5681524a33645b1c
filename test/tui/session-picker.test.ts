/**
 * The session picker's state and rows: this folder's sessions first, each group newest first, the open session
 * and never-used ones left out; typing filters on the first message or the id; Up/Down wrap; Enter picks the
 * selection; Esc closes; the rows keep the selection in view.
 */
import { expect, it } from "vitest";
import type { SessionInfo } from "../../src/core/session/list.ts";
import { createSessionPicker } from "../../src/tui/session-picker.ts";
import { createStyle } from "../../src/tui/style.ts";
import { stripAnsi } from "../../src/tui/text-width.ts";

const info = (id: string, cwd: string, preview: string, minute: number): SessionInfo => ({
  id,
  path: `/sessions/${id}.jsonl`,
  created_at: "2026-11-24T10:00:00.000Z",
  cwd,
  model: "test/model-a",
  preview,
  last_activity: `2026-11-24T10:${String(minute).padStart(2, "0")}:00.000Z`,
});

// Newest first, as listSessions returns them.
const sessions = [
  info("20261124T105000-aaaa", "/elsewhere", "Deploy the docs site", 50),
  info("20261124T104000-bbbb", "/work/app", "Fix the login bug", 40),
  info("20261124T103000-cccc", "/work/app", "", 30),
  info("20261124T102000-dddd", "/work/app", "Add a LOGIN test", 20),
  info("20261124T101000-eeee", "/work/app", "Open session", 10),
];
const plain = createStyle(false);
const open = () => createSessionPicker({ sessions, cwd: "/work/app", exclude: "20261124T101000-eeee" });
const ids = (list: SessionInfo[]) => list.map((s) => s.id.slice(-4));

it("lists this folder's sessions first, newest first, without the open one or unused ones", () => {
  expect(ids(open().matches())).toEqual(["bbbb", "dddd", "aaaa"]);
});

it("filters by a substring of the first message or the id, in any case", () => {
  const p = open();
  p.key({ name: "text", text: "login" });
  expect(ids(p.matches())).toEqual(["bbbb", "dddd"]);
  p.key({ name: "backspace" });
  expect(p.filter).toBe("logi");
  p.key({ name: "ctrl-u" });
  p.key({ name: "text", text: "AAA" });
  expect(ids(p.matches())).toEqual(["aaaa"]);
  p.key({ name: "text", text: "x" });
  expect(p.matches()).toEqual([]);
  expect(p.key({ name: "enter" })).toEqual({ type: "none" });
});

it("moves with Up/Down (wrapping), picks with Enter and closes with Esc", () => {
  const p = open();
  expect(p.selected?.id).toBe("20261124T104000-bbbb");
  p.key({ name: "down" });
  p.key({ name: "down" });
  expect(p.selected?.id).toBe("20261124T105000-aaaa");
  p.key({ name: "down" });
  expect(p.selected?.id).toBe("20261124T104000-bbbb");
  p.key({ name: "up" });
  expect(p.key({ name: "enter" })).toEqual({ type: "pick", id: "20261124T105000-aaaa" });
  // Typing starts the selection again at the top of what matches.
  p.key({ name: "text", text: "test" });
  expect(p.key({ name: "enter" })).toEqual({ type: "pick", id: "20261124T102000-dddd" });
  expect(p.key({ name: "escape" })).toEqual({ type: "close" });
  expect(p.key({ name: "ctrl-c" })).toEqual({ type: "close" });
});

it("draws the filter, the rows with the selection marked, other folders named, within the room given", () => {
  const p = open();
  p.key({ name: "down" });
  const rows = p.rows(120, 20, plain).map(stripAnsi);
  expect(rows[1]).toContain("Resume a session");
  expect(rows[2]).toBe("filter:  ");
  expect(rows[3]).toBe("  20261124T104000-bbbb  2026-11-24 10:40  Fix the login bug");
  expect(rows[4]).toBe("› 20261124T102000-dddd  2026-11-24 10:20  Add a LOGIN test");
  expect(rows[5]).toBe("  20261124T105000-aaaa  2026-11-24 10:50  Deploy the docs site  (/elsewhere)");

  // Five rows leave room for one session: the selected one, and a count of the rest.
  const small = p.rows(120, 5, plain).map(stripAnsi);
  expect(small.length).toBeLessThanOrEqual(5);
  expect(small).toContain("› 20261124T102000-dddd  2026-11-24 10:20  Add a LOGIN test");
  expect(small.at(-1)).toBe("  … 1 more");

  p.key({ name: "text", text: "zzz" });
  expect(p.rows(120, 20, plain).map(stripAnsi).at(-1)).toBe('  no session matches "zzz"');
});
