import { describe, expect, it } from "vitest";
import { textOf } from "../../src/core/history.ts";
import { expectValidHistory, startAgent } from "./harness.ts";
import { echoTool } from "./test-tools.ts";

describe("provider errors", () => {
  it("end the turn failed with a fatal error and keep a valid history (partial text only)", async () => {
    const h = startAgent({
      tools: [echoTool()],
      script: [
        { toolCalls: [{ name: "read_file", arguments: { path: "a" } }] },
        {
          error: { kind: "server", status: 500, message: "the server failed (HTTP 500)." },
          partialText: "Half an ans",
        },
        { text: "recovered" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    const turn = await h.waitFor("turn_finished");
    expect(turn).toMatchObject({ status: "failed", reason: "server", steps: 2 });
    const error = h.ofType("error")[0];
    expect(error).toMatchObject({ code: "server", fatal: true, turn_id: turn.turn_id });
    expect(error?.message).toContain("the server failed (HTTP 500).");
    expect(error?.message).toContain("kept");
    h.agent.submit({ type: "user_input", text: "try again" });
    await h.finish();
    const messages = h.client.requests[2]?.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "tool_result", "assistant", "user"]);
    expect(textOf(messages[3] as never)).toBe("Half an ans");
    expectValidHistory(messages);
    expect(h.ofType("turn_finished")[1]?.status).toBe("done");
  });

  it("drop a partial response that holds only a tool call", async () => {
    const h = startAgent({
      tools: [echoTool()],
      script: [
        {
          error: { kind: "network", message: "the connection dropped." },
          partialContent: [
            { type: "thinking", text: "half a thought" },
            { type: "tool_call", id: "call_cut", name: "read_file", arguments: { path: "a" } },
          ],
        },
        { text: "ok" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.waitFor("turn_finished");
    h.agent.submit({ type: "user_input", text: "again" });
    await h.finish();
    expect(h.client.requests[1]?.messages.map((m) => m.role)).toEqual(["user", "user"]);
  });
});
