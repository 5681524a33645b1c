/**
 * A successful edit shows its diff under the tool's line: line numbers (new file's for context and added
 * lines), `+` green, `-` red, hunk header dim, capped at 20 rows with "… N more lines"; no colour with NO_COLOR.
 * The details come from running the real edit tool on a temp file.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import type { AgentEventBody } from "../../src/protocol/events.ts";
import { createApplyPatchTool } from "../../src/tools/apply-patch/tool.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { createWriteTool } from "../../src/tools/write.ts";
import { editFixture } from "../tools/edit-support.ts";
import { makeContext } from "../tools/tool-support.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  h?.term.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const finished = (tool: string, content: string, details: unknown): AgentEventBody[] => [
  { type: "tool_call_started", turn_id: "t1", call_id: tool, tool, kind: "edit", arguments: {} },
  {
    type: "tool_call_finished",
    turn_id: "t1",
    call_id: tool,
    tool,
    kind: "edit",
    status: "ok",
    content,
    details,
    duration_ms: 1,
  },
];

async function editEvents(oldText: string, newText: string, content: string): Promise<AgentEventBody[]> {
  dir = await mkdtemp(join(tmpdir(), "tandem-tui-diff-"));
  const fx = await editFixture(dir, "a.txt", content);
  const result = await fx.edit(oldText, newText);
  expect(result.isError).toBeFalsy();
  return [
    { type: "turn_started", turn_id: "t1" },
    {
      type: "tool_call_started",
      turn_id: "t1",
      call_id: "c1",
      tool: "edit",
      kind: "edit",
      arguments: { path: "a.txt", old_string: oldText, new_string: newText },
    },
    {
      type: "tool_call_finished",
      turn_id: "t1",
      call_id: "c1",
      tool: "edit",
      kind: "edit",
      status: "ok",
      content: result.content,
      details: result.details,
      duration_ms: 5,
    },
  ];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching SGR colour sequences
const COLOR = /\x1b\[3[0-9]m/;

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join("");

it("shows the edit's diff with new-file line numbers and colours under the tool line", async () => {
  h = createHarness({ cols: 80, rows: 30, color: true });
  await h.feed(...(await editEvents("line 5\n", "line five\nline 5b\n", numbered(10))));
  const lines = h.term.lines().map((l) => l.trimEnd());
  const at = lines.findIndex((l) => l.startsWith("✓ edit"));
  expect(at).toBeGreaterThan(-1);
  expect(lines.slice(at + 1, at + 10)).toEqual([
    "    @@ -2,7 +2,8 @@",
    "  2  line 2",
    "  3  line 3",
    "  4  line 4",
    "  5 -line 5",
    "  5 +line five",
    "  6 +line 5b",
    "  7  line 6",
    "  8  line 7",
  ]);
  const bytes = h.term.written();
  expect(bytes).toContain("\x1b[32m+line five\x1b[39m");
  expect(bytes).toContain("\x1b[31m-line 5\x1b[39m");
  expect(bytes).toContain("\x1b[2m@@ -2,7 +2,8 @@");
});

it("shows control characters in file content as text, not as terminal commands", async () => {
  h = createHarness({ cols: 80, rows: 24, color: false });
  await h.feed(...(await editEvents("plain\n", "\x1b[2Jred\n", "plain\n")));
  expect(h.term.lines().map((l) => l.trimEnd())).toContain("  1 +^[[2Jred");
  expect(h.term.written()).not.toContain("\x1b[2Jred");
});

it("does not show a CRLF file's line endings", async () => {
  h = createHarness({ cols: 80, rows: 24, color: false });
  await h.feed(...(await editEvents("two", "TWO", "one\r\ntwo\r\n")));
  const lines = h.term.lines().map((l) => l.trimEnd());
  expect(lines).toContain("  2 -two");
  expect(lines).toContain("  2 +TWO");
  expect(h.text()).not.toContain("^M");
});

it("caps a long diff at 20 rows with a count of the rest, and has no colour under NO_COLOR", async () => {
  h = createHarness({ cols: 80, rows: 40, color: false });
  const before = numbered(30);
  const after = before.replaceAll("line", "row");
  await h.feed(...(await editEvents(before, after, before)));
  const lines = h.term.lines().map((l) => l.trimEnd());
  const at = lines.findIndex((l) => l.startsWith("✓ edit"));
  // One hunk header and 60 changed lines: 20 shown, 41 left.
  expect(lines[at + 1]).toBe("     @@ -1,30 +1,30 @@");
  expect(lines[at + 2]).toBe("   1 -line 1");
  expect(lines[at + 20]).toBe("  19 -line 19");
  expect(lines[at + 21]).toBe("  … 41 more lines");
  expect(lines.some((l) => l.includes("row 1"))).toBe(false);
  expect(h.term.written()).not.toMatch(COLOR);
});

it("shows a new file's lines from write, and each file's path and diff from a two-file apply_patch", async () => {
  h = createHarness({ cols: 80, rows: 40 });
  dir = await mkdtemp(join(tmpdir(), "tandem-tui-diff-"));
  const fileState = createFileState();
  const { ctx } = makeContext(dir);
  const wrote = await createWriteTool({ fileState }).execute(
    { path: "new.txt", content: "alpha\nbeta\n" },
    ctx,
  );
  const patch = [
    "*** Begin Patch",
    "*** Update File: new.txt",
    "@@",
    " alpha",
    "-beta",
    "+BETA",
    "*** Add File: other.txt",
    "+gamma",
    "*** End Patch",
  ].join("\n");
  fileState.recordRead(join(dir, "new.txt"), await readFile(join(dir, "new.txt")));
  const patched = await createApplyPatchTool({ fileState }).execute({ input: patch }, ctx);
  expect(wrote.isError).toBeFalsy();
  expect(patched.isError).toBeFalsy();
  await h.feed(
    { type: "turn_started", turn_id: "t1" },
    ...finished("write", wrote.content, wrote.details),
    ...finished("apply_patch", patched.content, patched.details),
  );
  const lines = h.term.lines().map((l) => l.trimEnd());
  const w = lines.findIndex((l) => l.startsWith("✓ write"));
  expect(lines.slice(w + 1, w + 4)).toEqual(["    @@ -0,0 +1,2 @@", "  1 +alpha", "  2 +beta"]);
  const p = lines.findIndex((l) => l.startsWith("✓ apply_patch"));
  const rows = lines.slice(p + 1, p + 10);
  expect(rows).toContain("  new.txt");
  expect(rows).toContain("  2 -beta");
  expect(rows).toContain("  2 +BETA");
  expect(rows).toContain("  other.txt");
  expect(rows).toContain("  1 +gamma");
  expect(rows.indexOf("  new.txt")).toBeLessThan(rows.indexOf("  other.txt"));
});
