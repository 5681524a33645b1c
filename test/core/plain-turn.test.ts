import { describe, expect, it } from "vitest";
import { startAgent } from "./harness.ts";

describe("a plain turn", () => {
  it("streams deltas, finishes the message and the turn, and ends the session last", async () => {
    const h = startAgent({ script: [{ text: "Hello there", reasoning: "thinking it over" }] });
    h.agent.submit({ type: "user_input", text: "hi" });
    const events = await h.finish();
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("session_started");
    expect(types.at(-1)).toBe("session_finished");
    expect(types).toEqual([
      "session_started",
      "turn_started",
      "reasoning_delta",
      "message_delta",
      "message_delta",
      "message_done",
      "usage",
      "turn_finished",
      "session_finished",
    ]);
    const deltas = h.ofType("message_delta");
    expect(deltas.map((d) => d.delta).join("")).toBe("Hello there");
    expect(new Set(deltas.map((d) => d.message_id)).size).toBe(1);
    expect(h.ofType("message_done")[0]?.text).toBe("Hello there");
    expect(h.ofType("turn_finished")[0]).toMatchObject({ status: "done", steps: 1 });
    const request = h.client.requests[0];
    expect(request?.system).toContain("test agent");
    expect(request?.messages).toEqual([{ role: "user", content: [{ type: "text", text: "hi" }] }]);
  });

  it("queues user_input during a turn and runs it as the next turn", async () => {
    const h = startAgent({ script: [{ text: "one", delayMs: 30 }, { text: "two" }] });
    h.agent.submit({ type: "user_input", text: "first" });
    await h.waitFor("turn_started");
    h.agent.submit({ type: "user_input", text: "second" });
    await h.finish();
    const finished = h.ofType("turn_finished");
    expect(finished.map((t) => t.status)).toEqual(["done", "done"]);
    expect(finished.map((t) => t.turn_id)).toEqual(["turn-1", "turn-2"]);
    const second = h.client.requests[1]?.messages ?? [];
    expect(second.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
  });

  it("does not lose events for a consumer that reads late", async () => {
    const h = startAgent({ script: [{ text: "a" }, { text: "b" }] });
    h.agent.submit({ type: "user_input", text: "1" });
    h.agent.submit({ type: "user_input", text: "2" });
    h.agent.close();
    await h.agent.done;
    const events = await h.finish();
    expect(events.filter((e) => e.type === "turn_finished")).toHaveLength(2);
    expect(events.at(-1)?.type).toBe("session_finished");
  });

  it("reports retries from the provider as retry events", async () => {
    const h = startAgent({ script: [{ text: "ok", retries: 2 }] });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    expect(h.ofType("retry").map((r) => r.attempt)).toEqual([1, 2]);
    expect(h.ofType("turn_finished")[0]?.status).toBe("done");
  });

  it("does not add an empty response to the history", async () => {
    const h = startAgent({ script: [{}, { text: "second" }] });
    h.agent.submit({ type: "user_input", text: "one" });
    h.agent.submit({ type: "user_input", text: "two" });
    await h.finish();
    expect(h.ofType("turn_finished").map((t) => t.status)).toEqual(["done", "done"]);
    expect(h.ofType("message_done")).toHaveLength(1);
    expect(h.client.requests[1]?.messages.map((m) => m.role)).toEqual(["user", "user"]);
  });
});
