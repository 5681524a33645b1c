import { describe, expect, it } from "vitest";
import { startAgent } from "./harness.ts";
import { echoTool, writeTool } from "./test-tools.ts";

describe("the tool loop", () => {
  it("runs tool calls, feeds results back and stops at a response without calls", async () => {
    const log: string[] = [];
    const h = startAgent({
      tools: [echoTool(), writeTool(log)],
      script: [
        { text: "Reading.", toolCalls: [{ name: "read_file", arguments: { path: "a.txt" } }] },
        { toolCalls: [{ name: "write_note", arguments: { text: "hello" } }] },
        { text: "Done." },
      ],
    });
    h.agent.submit({ type: "user_input", text: "do it" });
    await h.finish();
    expect(log).toEqual(["hello"]);
    expect(h.ofType("turn_finished")[0]).toMatchObject({ status: "done", steps: 3 });
    const started = h.ofType("tool_call_started");
    expect(started.map((s) => [s.tool, s.arguments])).toEqual([
      ["read_file", { path: "a.txt" }],
      ["write_note", { text: "hello", ms: 0 }],
    ]);
    const finished = h.ofType("tool_call_finished");
    expect(finished.map((f) => [f.status, f.content])).toEqual([
      ["ok", "contents of a.txt"],
      ["ok", "wrote hello"],
    ]);
    expect(finished[1]?.details).toEqual({ length: 5 });
    expect(finished.every((f) => f.call_id === started[finished.indexOf(f)]?.call_id)).toBe(true);
    expect(h.ofType("tool_output_delta")[0]).toMatchObject({ stream: "stdout", chunk: "reading a.txt\n" });

    // The third request carries the whole exchange, each call followed by its result.
    const messages = h.client.requests[2]?.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual([
      "user",
      "assistant",
      "tool_result",
      "assistant",
      "tool_result",
    ]);
    const firstResult = messages[2];
    expect(firstResult).toMatchObject({ role: "tool_result", toolName: "read_file", isError: false });
    expect(h.client.requests[0]?.tools.map((t) => t.name)).toEqual(["read_file", "write_note"]);
    expect(h.client.requests[0]?.tools[0]?.parameters).toMatchObject({
      type: "object",
      properties: { path: { type: "string" } },
      required: ["path"],
    });
    expect(h.client.requests[0]?.tools[0]?.parameters).not.toHaveProperty("$schema");
  });

  it("caps tool output before the model sees it", async () => {
    const h = startAgent({
      tools: [echoTool()],
      toolOutput: { maxLines: 4 },
      script: [
        { toolCalls: [{ name: "read_file", arguments: { path: "x\ny\nz\nw\nv\nu\nt" } }] },
        { text: "ok" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "read" });
    await h.finish();
    const content = h.ofType("tool_call_finished")[0]?.content ?? "";
    expect(content).toContain("omitted");
    const result = h.client.requests[1]?.messages[2];
    expect(result?.role === "tool_result" && result.content[0]).toMatchObject({ text: content });
  });
});
