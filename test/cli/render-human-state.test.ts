/**
 * `tandem exec`'s human output reads what it remembers from the shared conversation state: each finished
 * call's line names that call's own arguments when parallel calls finish out of order, and each turn's line
 * carries the session's running totals (steps over turns, usage and cost from the last `usage`).
 */
import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { createHumanRenderer } from "../../src/cli/render-human.ts";
import type { AgentEventBody } from "../../src/protocol/events.ts";

const capture = () => {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (d: Buffer) => {
    text += d.toString();
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
};

const usage = { input: 1200, cached_input: 0, cache_write: 0, output: 300, reasoning: 0 };
const cost = { input: 0, cached_input: 0, cache_write: 0, output: 0, total: 0.5 };

it("names each call by its own arguments and sums steps over turns", () => {
  const stdout = capture();
  const stderr = capture();
  const r = createHumanRenderer({ stdout: stdout.stream, stderr: stderr.stream, color: false });
  const events: AgentEventBody[] = [
    { type: "turn_started", turn_id: "t1" },
    {
      type: "tool_call_started",
      turn_id: "t1",
      call_id: "c1",
      tool: "read",
      kind: "read",
      arguments: { path: "a.txt" },
    },
    {
      type: "tool_call_started",
      turn_id: "t1",
      call_id: "c2",
      tool: "read",
      kind: "read",
      arguments: { path: "b.txt" },
    },
    {
      type: "tool_call_finished",
      turn_id: "t1",
      call_id: "c2",
      tool: "read",
      kind: "read",
      status: "ok",
      content: "b",
      duration_ms: 3,
    },
    {
      type: "tool_call_finished",
      turn_id: "t1",
      call_id: "c1",
      tool: "read",
      kind: "read",
      status: "ok",
      content: "a",
      duration_ms: 4,
    },
    {
      type: "usage",
      turn_id: "t1",
      usage,
      cost,
      session_usage: usage,
      session_cost: cost,
      context_tokens: 1500,
      context_window: 100_000,
    },
    { type: "turn_finished", turn_id: "t1", status: "done", steps: 2 },
    { type: "turn_started", turn_id: "t2" },
    { type: "turn_finished", turn_id: "t2", status: "done", steps: 1 },
  ];
  for (const e of events) r.render(e);
  r.flush();
  const lines = stderr.text().split("\n");
  expect(lines[0]).toMatch(/^✓ read b\.txt \(3ms\)$/);
  expect(lines[1]).toMatch(/^✓ read a\.txt \(4ms\)$/);
  expect(lines[2]).toMatch(/^done · 2 steps · 1\.2k in \/ 300 out · \$0\.50 · /);
  expect(lines[3]).toMatch(/^done · 3 steps · 1\.2k in \/ 300 out · \$0\.50 · /);
});
