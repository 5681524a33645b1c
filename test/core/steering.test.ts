import { describe, expect, it } from "vitest";
import { textOf } from "../../src/core/history.ts";
import { startAgent } from "./harness.ts";
import { writeTool } from "./test-tools.ts";

describe("steering", () => {
  it("lets the running tool finish and puts the steer after its result in the next request", async () => {
    const log: string[] = [];
    const h = startAgent({
      tools: [writeTool(log)],
      script: [
        { toolCalls: [{ name: "write_note", arguments: { text: "slow", ms: 300 } }] },
        { text: "ok, using tabs" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "write a note" });
    await h.waitFor("tool_call_started");
    h.agent.submit({ type: "steer", text: "use tabs, not spaces" });
    await h.finish();
    expect(log).toEqual(["slow"]);
    expect(h.ofType("tool_call_finished")[0]?.status).toBe("ok");
    const messages = h.client.requests[1]?.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "tool_result", "user"]);
    expect(textOf(messages[3] as never)).toBe("use tabs, not spaces");
    expect(h.ofType("turn_finished")).toHaveLength(1);
    expect(h.ofType("turn_finished")[0]).toMatchObject({ status: "done", steps: 2 });
  });

  it("answers a steer that arrives during the final response within the same turn", async () => {
    const h = startAgent({ script: [{ text: "All done here.", delayMs: 100 }, { text: "Noted." }] });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.waitFor("message_delta");
    h.agent.submit({ type: "steer", text: "also say hi" });
    await h.finish();
    expect(h.ofType("turn_finished")).toHaveLength(1);
    expect(h.ofType("turn_finished")[0]?.steps).toBe(2);
    const last = h.client.requests[1]?.messages.at(-1);
    expect(last && textOf(last)).toBe("also say hi");
  });

  it("keeps a steer that an interrupt stopped from reaching the model for the next turn's message", async () => {
    const h = startAgent({
      tools: [writeTool([])],
      script: [{ toolCalls: [{ name: "write_note", arguments: { text: "slow", ms: 300 } }] }, { text: "ok" }],
    });
    h.agent.submit({ type: "user_input", text: "write" });
    await h.waitFor("tool_call_started");
    h.agent.submit({ type: "steer", text: "actually, stop and use the other file" });
    h.agent.submit({ type: "interrupt" });
    await h.waitFor("turn_finished");
    h.agent.submit({ type: "user_input", text: "go on" });
    await h.finish();
    const last = h.client.requests[1]?.messages.at(-1);
    expect(last?.content.map((b) => (b.type === "text" ? b.text : ""))).toEqual([
      "actually, stop and use the other file",
      "go on",
    ]);
  });

  it("starts a turn when nothing is running", async () => {
    const h = startAgent({ script: [{ text: "hi" }] });
    h.agent.submit({ type: "steer", text: "hello?" });
    await h.finish();
    expect(h.ofType("turn_started")).toHaveLength(1);
    const first = h.client.requests[0]?.messages[0];
    expect(first && textOf(first)).toBe("hello?");
  });
});
