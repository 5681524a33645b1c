/**
 * The conversation keeps parallel calls where the model made them; the UI writes each call's line to the
 * scrollback once, when it finishes, while the others still run in the live part, so a slow call does not
 * hold back the lines of the fast ones.
 */
import { afterEach, expect, it } from "vitest";
import type { AgentEventBody } from "../../src/protocol/events.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

const started = (call_id: string, path: string): AgentEventBody => ({
  type: "tool_call_started",
  turn_id: "t1",
  call_id,
  tool: "read",
  kind: "read",
  arguments: { path },
});
const finished = (call_id: string, ms: number): AgentEventBody => ({
  type: "tool_call_finished",
  turn_id: "t1",
  call_id,
  tool: "read",
  kind: "read",
  status: "ok",
  content: "text",
  duration_ms: ms,
});

it("writes a finished call's line while an earlier call still runs, and each line once", async () => {
  h = createHarness({ cols: 80, rows: 24 });
  await h.feed({ type: "turn_started", turn_id: "t1" }, started("c1", "slow.txt"), started("c2", "fast.txt"));
  await h.feed(finished("c2", 3));
  const lines = () => h?.term.lines() ?? [];
  expect(lines().filter((l) => l.startsWith("✓ read fast.txt"))).toHaveLength(1);
  expect(lines().some((l) => l.startsWith("… read slow.txt"))).toBe(true);
  await h.feed(finished("c1", 900), { type: "turn_finished", turn_id: "t1", status: "done", steps: 1 });
  const done = lines().filter((l) => l.startsWith("✓ read"));
  expect(done.map((l) => l.split(" (")[0])).toEqual(["✓ read fast.txt", "✓ read slow.txt"]);
  expect(lines().some((l) => l.startsWith("… read"))).toBe(false);
  expect(h.screen.state.conversation.entries.map((e) => (e.kind === "tool" ? e.summary : e.kind))).toEqual([
    "slow.txt",
    "fast.txt",
  ]);
});
