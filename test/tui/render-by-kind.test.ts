/**
 * The UI shows a diff or a plan by the call's declared kind and the shape of its details, never by the tool's
 * name: a custom `edit`-kind tool gets its diff shown, a custom `think`-kind tool its plan; details of the same
 * shape from another kind show nothing (they used to need the names `edit`/`write`/`apply_patch`/`todo`).
 */
import { afterEach, expect, it } from "vitest";
import type { AgentEventBody } from "../../src/protocol/events.ts";
import type { ToolKind } from "../../src/protocol/tools.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

const DIFF = "--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-old line\n+new line\n";
const PLAN = { items: [{ content: "ship the fix", status: "in_progress" }] };

const call = (id: string, tool: string, kind: ToolKind, details: unknown): AgentEventBody[] => [
  { type: "tool_call_started", turn_id: "t1", call_id: id, tool, kind, arguments: {} },
  {
    type: "tool_call_finished",
    turn_id: "t1",
    call_id: id,
    tool,
    kind,
    status: "ok",
    content: "done",
    details,
    duration_ms: 1,
  },
];

const text = (h: Harness) => h.term.lines().map((l) => l.trimEnd());

it("shows the diff of any edit-kind tool, and none from another kind's details", async () => {
  h = createHarness({ cols: 80, rows: 30 });
  await h.feed(
    { type: "turn_started", turn_id: "t1" },
    ...call("c1", "rewrite_file", "edit", { diff: DIFF }),
  );
  expect(text(h)).toContain("  1 +new line");
  h.term.dispose();

  h = createHarness({ cols: 80, rows: 30 });
  await h.feed({ type: "turn_started", turn_id: "t1" }, ...call("c1", "edit", "execute", { diff: DIFF }));
  expect(text(h).some((l) => l.includes("+new line"))).toBe(false);
});

it("shows the plan of any think-kind tool, and none from a tool merely named todo", async () => {
  h = createHarness({ cols: 80, rows: 30 });
  await h.feed({ type: "turn_started", turn_id: "t1" }, ...call("c1", "plan", "think", PLAN));
  expect(text(h)).toContain("  ◐ ship the fix");
  h.term.dispose();

  h = createHarness({ cols: 80, rows: 30 });
  await h.feed({ type: "turn_started", turn_id: "t1" }, ...call("c1", "todo", "other", PLAN));
  expect(text(h).some((l) => l.includes("ship the fix"))).toBe(false);
});
