/**
 * An approval's diff on a short screen: at 80×24 the diff gets fewer rows than the usual 20 (the hunk header is one of them), so the prompt's
 * first line, the count with the key to see all, and the hint all stay on screen; at 80×40 it gets 20.
 */
import { afterEach, expect, it } from "vitest";
import type { AgentEventBody } from "../../src/protocol/events.ts";
import { expandItem } from "../../src/tui/expand-view.ts";
import { createStyle } from "../../src/tui/style.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

const body = Array.from({ length: 60 }, (_, i) => `+row ${i + 1}`);
const diff = ["--- a/big.txt", "+++ b/big.txt", "@@ -0,0 +1,60 @@", ...body].join("\n");

const asked: AgentEventBody[] = [
  { type: "turn_started", turn_id: "t1" },
  {
    type: "tool_call_started",
    turn_id: "t1",
    call_id: "c1",
    tool: "write",
    kind: "edit",
    arguments: { path: "big.txt" },
  },
  {
    type: "approval_requested",
    turn_id: "t1",
    call_id: "c1",
    tool: "write",
    summary: "write big.txt",
    risk: "write",
    reasons: ["ask mode asks before writes"],
    diff,
  },
];

const diffRows = (screen: string[]) => screen.filter((r) => /^ {2}\s*\d+ \+row/.test(r)).length;

it("keeps the whole prompt on a 24-row screen and shows 20 diff rows on a 40-row one", async () => {
  h = createHarness({ cols: 80, rows: 24 });
  await h.feed(...asked);
  let screen = h.term.screen().map((r) => r.trimEnd());
  expect(screen).toContain("Approve? write [write]: write big.txt");
  expect(screen).toContain("  … 47 more lines · Ctrl+O shows the whole diff");
  expect(screen.some((r) => r.startsWith("  y yes · a always"))).toBe(true);
  expect(diffRows(screen)).toBe(13);
  h.term.dispose();

  h = createHarness({ cols: 80, rows: 40 });
  await h.feed(...asked);
  screen = h.term.screen().map((r) => r.trimEnd());
  expect(screen).toContain("   1 +row 1");
  expect(screen).toContain("  … 41 more lines · Ctrl+O shows the whole diff");
  expect(diffRows(screen)).toBe(19);
});

it("Ctrl+O's newest is the approval's diff, even when a call that finished just before commits in the same frame", async () => {
  h = createHarness({ cols: 80, rows: 40 });
  // The read finishes and the approval comes before a frame is drawn (a slow frame, a loaded machine).
  await h.feed(
    { type: "turn_started", turn_id: "t1" },
    { type: "tool_call_started", turn_id: "t1", call_id: "c0", tool: "read", kind: "read", arguments: {} },
    {
      type: "tool_call_finished",
      turn_id: "t1",
      call_id: "c0",
      tool: "read",
      kind: "read",
      status: "ok",
      content: "1\tread line one\n2\tread line two",
      duration_ms: 3,
    },
    ...asked.slice(1),
  );
  const newest = expandItem(h.screen.expandable, undefined, 80, createStyle(false));
  const rows = newest.kind === "output" ? newest.lines.join("\n") : "";
  expect(rows).toContain("write big.txt (the change asked for approval)");
  expect(rows).toContain("+row 60");
  expect(rows).not.toContain("read line one");
});
