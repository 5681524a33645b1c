import { describe, expect, it } from "vitest";
import { startAgent } from "./harness.ts";
import { type Span, sleepyReadTool, writeTool } from "./test-tools.ts";

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

describe("parallel and sequential tool calls", () => {
  it("runs read-only calls of one response at the same time, results in call order", async () => {
    const spans: Span[] = [];
    const h = startAgent({
      tools: [sleepyReadTool(spans)],
      script: [
        {
          toolCalls: [
            { name: "peek", arguments: { label: "slow", ms: 300 } },
            { name: "peek", arguments: { label: "fast", ms: 100 } },
            { name: "peek", arguments: { label: "mid", ms: 200 } },
          ],
        },
        { text: "ok" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "peek" });
    await h.finish();
    const [slow, fast, mid] = ["slow", "fast", "mid"].map((n) => spans.find((s) => s.name === n) as Span);
    expect(overlaps(slow as Span, fast as Span)).toBe(true);
    expect(overlaps(slow as Span, mid as Span)).toBe(true);
    // Started together: all three began before the fastest one ended.
    expect(Math.max(...spans.map((s) => s.start))).toBeLessThan((fast as Span).end);
    const results = (h.client.requests[1]?.messages ?? []).filter((m) => m.role === "tool_result");
    expect(results.map((r) => r.content[0]?.type === "text" && r.content[0].text)).toEqual([
      "peeked slow",
      "peeked fast",
      "peeked mid",
    ]);
  });

  it("runs calls that change things one at a time, in the model's order", async () => {
    const log: string[] = [];
    const spans: Span[] = [];
    const h = startAgent({
      tools: [writeTool(log, spans)],
      script: [
        {
          toolCalls: [
            { name: "write_note", arguments: { text: "first", ms: 120 } },
            { name: "write_note", arguments: { text: "second", ms: 10 } },
            { name: "write_note", arguments: { text: "third", ms: 60 } },
          ],
        },
        { text: "ok" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "write" });
    await h.finish();
    expect(log).toEqual(["first", "second", "third"]);
    for (let i = 1; i < spans.length; i++) {
      expect((spans[i] as Span).start).toBeGreaterThanOrEqual((spans[i - 1] as Span).end);
    }
  });
});
