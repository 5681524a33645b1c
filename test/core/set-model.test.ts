import { describe, expect, it } from "vitest";
import { startAgent } from "./harness.ts";
import { echoTool, writeTool } from "./test-tools.ts";

describe("set_model", () => {
  it("switches the next request to the new model, with its own tools and prompt, keeping history", async () => {
    const read = echoTool();
    const write = writeTool([]);
    const h = startAgent({
      tools: [read, write],
      toolsFor: (model) => (model.id === "test/model-b" ? [read] : [read, write]),
      script: [{ text: "from a" }],
      models: { "test/model-b": { script: [{ text: "from b" }], entry: { contextWindow: 50_000 } } },
    });
    h.agent.submit({ type: "user_input", text: "one" });
    await h.waitFor("turn_finished");
    h.agent.submit({ type: "set_model", model: "test/model-b" });
    h.agent.submit({ type: "user_input", text: "two" });
    await h.finish();
    expect(h.ofType("model_changed")).toMatchObject([{ type: "model_changed", model: "test/model-b" }]);
    const a = h.clients["test/model-a"]?.requests ?? [];
    const b = h.clients["test/model-b"]?.requests ?? [];
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(b[0]?.model).toBe("test/model-b");
    expect(b[0]?.system).toContain("on test/model-b with read_file.");
    expect(b[0]?.tools.map((t) => t.name)).toEqual(["read_file"]);
    expect(a[0]?.tools.map((t) => t.name)).toEqual(["read_file", "write_note"]);
    expect(b[0]?.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(h.ofType("usage")[1]?.context_window).toBe(50_000);
  });

  it("takes effect for the next request of a running turn", async () => {
    const h = startAgent({
      tools: [writeTool([])],
      script: [{ toolCalls: [{ name: "write_note", arguments: { text: "x", ms: 100 } }] }],
      models: { "test/model-b": { script: [{ text: "b finishes" }] } },
    });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.waitFor("tool_call_started");
    h.agent.submit({ type: "set_model", model: "test/model-b" });
    await h.finish();
    expect(h.clients["test/model-b"]?.requests).toHaveLength(1);
    expect(h.ofType("turn_finished")[0]).toMatchObject({ status: "done", steps: 2 });
  });

  it("reports an unknown model and keeps the current one", async () => {
    const h = startAgent({ script: [{ text: "still a" }] });
    h.agent.submit({ type: "set_model", model: "nope/missing" });
    h.agent.submit({ type: "user_input", text: "hi" });
    await h.finish();
    const error = h.ofType("error")[0];
    expect(error).toMatchObject({ code: "unknown_model", fatal: false });
    expect(error?.message).toContain('no model "nope/missing"');
    expect(error?.message).toContain("Still using test/model-a");
    expect(h.ofType("model_changed")).toHaveLength(0);
    expect(h.client.requests).toHaveLength(1);
  });

  it("survives a host callback that throws on set_model", async () => {
    const h = startAgent({
      script: [{ text: "still fine" }],
      models: { "test/model-b": { script: [] } },
      systemPrompt: (model) => {
        if (model.id === "test/model-b") throw new Error("prompt template missing");
        return "ok";
      },
    });
    h.agent.submit({ type: "user_input", text: "wait" });
    await h.waitFor("session_started");
    h.agent.submit({ type: "set_model", model: "test/model-b" });
    await h.finish();
    expect(h.ofType("error")[0]?.message).toContain("could not handle set_model: prompt template missing");
    expect(h.client.requests[0]?.model).toBe("test/model-a");
    expect(h.ofType("turn_finished")[0]?.status).toBe("done");
  });
});
