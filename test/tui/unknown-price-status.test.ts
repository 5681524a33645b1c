/**
 * Regression (issue #10): the UI's status line showed "$0" for a model with no price. A cost marked unpriced
 * (docs/events.md) reads "cost unknown", and "$X + unknown" once priced requests are in it too.
 */
import { afterEach, expect, it } from "vitest";
import type { AgentEventBody } from "../../src/protocol/events.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

const usage = { input: 1000, cached_input: 0, cache_write: 0, output: 200, reasoning: 0 };
const unpriced = (total: number): AgentEventBody => {
  const cost = { input: total, cached_input: 0, cache_write: 0, output: 0, total, unpriced: true as const };
  return {
    type: "usage",
    turn_id: "t1",
    usage,
    cost,
    session_usage: usage,
    session_cost: cost,
    context_tokens: 1200,
    context_window: 100_000,
  };
};

const statusLine = (harness: Harness) => harness.term.screen().filter(Boolean).at(-1) ?? "";

it("says cost unknown for an unpriced model, never $0", async () => {
  h = createHarness({ cols: 120, rows: 10 });
  await h.feed({ type: "turn_started", turn_id: "t1" }, unpriced(0), {
    type: "turn_finished",
    turn_id: "t1",
    status: "done",
    steps: 1,
  });
  expect(statusLine(h)).toContain("cost unknown");
  expect(statusLine(h)).not.toContain("$0");
});

it("keeps the known part and says the rest is unknown", async () => {
  h = createHarness({ cols: 120, rows: 10 });
  await h.feed({ type: "turn_started", turn_id: "t1" }, unpriced(0.25), {
    type: "turn_finished",
    turn_id: "t1",
    status: "done",
    steps: 1,
  });
  expect(statusLine(h)).toContain("$0.25 + unknown");
});
