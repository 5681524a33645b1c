import { describe, expect, it } from "vitest";
import { startAgent } from "./harness.ts";
import { echoTool } from "./test-tools.ts";

describe("usage and cost", () => {
  it("reports each request's usage and cost with running session totals", async () => {
    const h = startAgent({
      tools: [echoTool()],
      // test model prices: $1 input, $10 output per million; cache reads at the input price.
      script: [
        {
          toolCalls: [{ name: "read_file", arguments: { path: "a" } }],
          usage: { input: 1_000, output: 100 },
        },
        { text: "done", usage: { input: 200, cached_input: 1_000, output: 50 } },
      ],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    const events = await h.finish();
    const usage = h.ofType("usage");
    expect(usage).toHaveLength(2);
    expect(usage[0]?.cost.total).toBeCloseTo(0.001 + 0.001, 10);
    expect(usage[1]?.cost.total).toBeCloseTo(0.0002 + 0.001 + 0.0005, 10);
    expect(usage[1]?.session_usage).toEqual({
      input: 1_200,
      cached_input: 1_000,
      cache_write: 0,
      output: 150,
      reasoning: 0,
    });
    expect(usage[1]?.session_cost.total).toBeCloseTo(0.0037, 10);
    expect(usage[0]?.context_tokens).toBe(1_100);
    expect(usage[1]?.context_tokens).toBe(1_250);
    expect(usage[1]?.context_window).toBe(100_000);
    const finished = events.at(-1);
    expect(finished?.type === "session_finished" && finished.cost.total).toBeCloseTo(0.0037, 10);
    expect(finished?.type === "session_finished" && finished.usage.output).toBe(150);
  });

  it("costs nothing for a model without prices", async () => {
    const h = startAgent({ entry: { prices: undefined }, script: [{ text: "free" }] });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    expect(h.ofType("usage")[0]?.cost.total).toBe(0);
    expect(h.ofType("usage")[0]?.usage.input).toBe(100);
  });
});
