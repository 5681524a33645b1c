/**
 * The agent's plan shows as a checklist in the live part, replaced in place by each todo call, and is
 * committed to the transcript once when the turn ends. The details come from the real todo tool.
 */
import { afterEach, expect, it } from "vitest";
import type { AgentEventBody } from "../../src/protocol/events.ts";
import { createTodoTool, type TodoItem } from "../../src/tools/todo.ts";
import { makeContext } from "../tools/tool-support.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

const todo = createTodoTool();
const { ctx } = makeContext("/");

async function todoCall(callId: string, items: TodoItem[]): Promise<AgentEventBody[]> {
  const result = await todo.execute({ items }, ctx);
  expect(result.isError).toBeFalsy();
  return [
    {
      type: "tool_call_started",
      turn_id: "t1",
      call_id: callId,
      tool: "todo",
      kind: "think",
      arguments: { items },
    },
    {
      type: "tool_call_finished",
      turn_id: "t1",
      call_id: callId,
      tool: "todo",
      kind: "think",
      status: "ok",
      content: result.content,
      details: result.details,
      duration_ms: 1,
    },
  ];
}

const checklistRows = (h: Harness) =>
  h.term
    .lines()
    .map((l) => l.trimEnd())
    .filter((l) => /^ {2}[☐◐☑] /.test(l) || l.startsWith("Plan "));

it("updates the checklist in place and commits the final one once when the turn ends", async () => {
  h = createHarness({ cols: 80, rows: 24 });
  await h.feed(
    { type: "turn_started", turn_id: "t1" },
    ...(await todoCall("c1", [
      { content: "read the code", status: "in_progress" },
      { content: "fix the bug", status: "pending" },
    ])),
  );
  expect(checklistRows(h)).toEqual(["Plan 0/2 done", "  ◐ read the code", "  ☐ fix the bug"]);

  await h.feed(
    ...(await todoCall("c2", [
      { content: "read the code", status: "completed" },
      { content: "fix the bug", status: "in_progress" },
    ])),
  );
  // Replaced, not appended: the old state is gone from the screen and the scrollback.
  expect(checklistRows(h)).toEqual(["Plan 1/2 done", "  ☑ read the code", "  ◐ fix the bug"]);

  await h.feed(
    { type: "message_done", turn_id: "t1", message_id: "m1", text: "Done." },
    { type: "turn_finished", turn_id: "t1", status: "done", steps: 3 },
    { type: "turn_started", turn_id: "t2" },
    { type: "message_done", turn_id: "t2", message_id: "m2", text: "Next answer." },
    { type: "turn_finished", turn_id: "t2", status: "done", steps: 1 },
  );
  // Committed once, above the next turn's text; the next turn shows no plan of its own.
  expect(checklistRows(h)).toEqual(["Plan 1/2 done", "  ☑ read the code", "  ◐ fix the bug"]);
  const lines = h.term.lines().map((l) => l.trimEnd());
  expect(lines.indexOf("  ◐ fix the bug")).toBeLessThan(lines.indexOf("Next answer."));
  expect(lines.filter((l) => l.startsWith("✓ todo"))).toHaveLength(2);
});
