import { describe, expect, it } from "vitest";
import { expectValidHistory, startAgent } from "./harness.ts";
import { echoTool } from "./test-tools.ts";

describe("max steps", () => {
  it("ends the turn failed with reason max_steps after maxSteps requests, history valid", async () => {
    const call = { toolCalls: [{ name: "read_file", arguments: { path: "again" } }] };
    const h = startAgent({
      tools: [echoTool()],
      maxSteps: 3,
      script: [call, call, call, call, { text: "ok" }],
    });
    h.agent.submit({ type: "user_input", text: "loop" });
    const turn = await h.waitFor("turn_finished");
    expect(turn).toMatchObject({ status: "failed", reason: "max_steps", steps: 3 });
    expect(h.client.requests).toHaveLength(3);
    expect(h.ofType("error")[0]).toMatchObject({ code: "max_steps", fatal: true });
    h.agent.submit({ type: "user_input", text: "continue" });
    await h.finish();
    const messages = h.client.requests[3]?.messages ?? [];
    expectValidHistory(messages);
    expect(messages.at(-1)?.role).toBe("user");
  });
});
