/**
 * A steer shows as queued until the model request that carries it answers: not during the response that
 * was streaming when it was typed, nor while tools run, but at the next response's first text.
 */
import { afterEach, expect, it } from "vitest";
import { createHarness, type Harness, usageEvent } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

const steerRow = (lines: string[]) => lines.filter((l) => l.includes("also update the docs"));

it("moves a steer from queued to the transcript when the next request answers", async () => {
  h = createHarness({ cols: 80, rows: 20 });
  await h.feed(
    { type: "turn_started", turn_id: "t1" },
    { type: "message_delta", turn_id: "t1", message_id: "m1", delta: "Running the tests." },
  );
  // Typed while the first response streams (the app does this on Enter while a turn runs).
  h.screen.apply({ type: "steer_queued", text: "also update the docs" });
  await h.feed(
    { type: "message_done", turn_id: "t1", message_id: "m1", text: "Running the tests." },
    usageEvent(1000, 0),
    {
      type: "tool_call_started",
      turn_id: "t1",
      call_id: "c1",
      tool: "shell",
      kind: "execute",
      arguments: { command: "sleep 2" },
    },
  );
  expect(steerRow(h.term.lines())).toEqual(["› (queued steer) also update the docs"]);
  await h.feed({
    type: "tool_call_finished",
    turn_id: "t1",
    call_id: "c1",
    tool: "shell",
    kind: "execute",
    status: "ok",
    content: "",
    duration_ms: 2000,
  });
  expect(steerRow(h.term.lines())).toEqual(["› (queued steer) also update the docs"]);

  await h.feed({ type: "message_delta", turn_id: "t1", message_id: "m2", delta: "Docs too, then." });
  expect(steerRow(h.term.lines())).toEqual(["› (steer) also update the docs"]);
  expect(h.screen.state.conversation.steers).toEqual([]);
});
