import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startAgent } from "./harness.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-usage-resume-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("usage totals across a resume", () => {
  it("continue from the usage and cost saved in the session file", async () => {
    // Test model prices: $1 input, $10 output per million.
    const first = startAgent({
      session: { dir },
      script: [{ text: "one", usage: { input: 1_000, output: 100 } }],
    });
    first.agent.submit({ type: "user_input", text: "first" });
    await first.finish();

    const second = startAgent({
      session: { dir, resume: first.agent.sessionId },
      script: [{ text: "two", usage: { input: 2_000, output: 200 } }],
    });
    second.agent.submit({ type: "user_input", text: "second" });
    const events = await second.finish();
    // The totals so far come with session_started, before any new request.
    const started = second.ofType("session_started")[0];
    expect(started?.session_usage?.input).toBe(1_000);
    expect(started?.session_cost?.total).toBeCloseTo(0.002, 10);
    expect(first.ofType("session_started")[0]?.session_usage).toBeUndefined();
    const usage = second.ofType("usage");
    expect(usage[0]?.session_usage.input).toBe(3_000);
    expect(usage[0]?.session_usage.output).toBe(300);
    expect(usage[0]?.session_cost.total).toBeCloseTo(0.003 + 0.003, 10);
    const finished = events.at(-1);
    expect(finished?.type === "session_finished" && finished.usage.input).toBe(3_000);
  });
});
