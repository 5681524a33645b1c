/**
 * What a person sees for a finished turn, on a real (headless) terminal: markdown rendered without its
 * markup, one line per tool call, and the status line with model, context used, tokens and cost.
 */
import { afterEach, expect, it } from "vitest";
import { createHarness, type Harness, usageEvent } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

it("renders reasoning, markdown, one line per tool call and the status line", async () => {
  h = createHarness({ cols: 80, rows: 24 });
  const answer = "# Plan\n\nThis is **important** and `npm test` runs it.\n\n1. first\n2. second\n";
  await h.feed(
    {
      type: "session_started",
      session_id: "s1",
      protocol_version: 2,
      model: "fake/fake-model",
      cwd: "/project",
      resumed: false,
    },
    { type: "turn_started", turn_id: "t1" },
    { type: "reasoning_delta", turn_id: "t1", message_id: "m1", delta: "Think about " },
    { type: "reasoning_delta", turn_id: "t1", message_id: "m1", delta: "the plan." },
    ...(answer.match(/.{1,5}/gs) ?? []).map((delta) => ({
      type: "message_delta" as const,
      turn_id: "t1",
      message_id: "m1",
      delta,
    })),
    { type: "message_done", turn_id: "t1", message_id: "m1", text: answer },
    usageEvent(12_000, 0.0123),
    {
      type: "tool_call_started",
      turn_id: "t1",
      call_id: "c1",
      tool: "shell",
      kind: "execute",
      arguments: { command: "ls -la\nsrc" },
    },
    {
      type: "tool_call_finished",
      turn_id: "t1",
      call_id: "c1",
      tool: "shell",
      kind: "execute",
      status: "ok",
      content: "…",
      duration_ms: 42,
    },
    {
      type: "tool_call_started",
      turn_id: "t1",
      call_id: "c2",
      tool: "read",
      kind: "read",
      arguments: { path: "src/a.ts" },
    },
    {
      type: "tool_call_finished",
      turn_id: "t1",
      call_id: "c2",
      tool: "read",
      kind: "read",
      status: "error",
      content: "\nno such file: src/a.ts\nmore detail",
      duration_ms: 1500,
    },
    { type: "turn_finished", turn_id: "t1", status: "done", steps: 2 },
  );
  const lines = h.term.lines();
  // Reasoning first, indented (and dimmed: SGR 2 in the bytes), then the answer.
  expect(lines.indexOf("  Think about the plan.")).toBeGreaterThan(-1);
  expect(lines.indexOf("  Think about the plan.")).toBeLessThan(lines.indexOf("Plan"));
  expect(h.term.written()).toContain("\x1b[2m\x1b[3m  Think about the plan.");
  expect(lines).toContain("Plan");
  expect(lines).toContain("This is important and `npm test` runs it.");
  expect(lines).toContain("1. first");
  expect(lines).toContain("2. second");
  expect(h.text()).not.toContain("**");
  expect(h.text()).not.toContain("# Plan");
  // One line each, arguments on one line.
  expect(lines.filter((l) => l.includes("shell"))).toEqual(["✓ shell ls -la src (42ms)"]);
  expect(lines.filter((l) => l.includes("read"))).toEqual([
    "✗ read src/a.ts (1.5s, error) · no such file: src/a.ts",
  ]);
  // The answer was committed once, not left behind by the live frames.
  expect(lines.filter((l) => l.includes("important"))).toHaveLength(1);
  const status = h.term.screen().filter(Boolean).at(-1);
  expect(status).toBe("fake/fake-model · mode: default · 12% context · 1.0k in / 200 out · $0.01");
});

it("keeps finished items in the scrollback when the transcript outgrows the screen", async () => {
  h = createHarness({ cols: 60, rows: 10 });
  await h.feed({ type: "turn_started", turn_id: "t1" });
  for (let i = 1; i <= 30; i++) {
    await h.feed(
      {
        type: "tool_call_started",
        turn_id: "t1",
        call_id: `c${i}`,
        tool: "read",
        kind: "read",
        arguments: { path: `file-${i}.ts` },
      },
      {
        type: "tool_call_finished",
        turn_id: "t1",
        call_id: `c${i}`,
        tool: "read",
        kind: "read",
        status: "ok",
        content: "",
        duration_ms: i,
      },
    );
  }
  const lines = h.term.lines();
  for (let i = 1; i <= 30; i++)
    expect(lines.filter((l) => l === `✓ read file-${i}.ts (${i}ms)`)).toHaveLength(1);
  expect(h.term.screen().some((l) => l.includes("file-1.ts"))).toBe(false);
});
