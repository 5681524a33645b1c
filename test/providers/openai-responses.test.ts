import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOpenAIResponsesClient } from "../../src/providers/openai-responses.ts";
import type { AssistantMessage, Message, ProviderClient } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, readTool, testModel, testRequest, textOf } from "./client-support.ts";

let server: FakeModelServer;
let client: ProviderClient;

const reasoningModel = testModel({
  provider: "openai",
  capabilities: { tools: true, reasoning: true, images: true, editFormat: "apply_patch" },
});

beforeEach(async () => {
  server = await startFakeModel();
  client = createOpenAIResponsesClient({
    baseUrl: server.baseUrl("openai-responses"),
    apiKey: "sk-test-abcdef123",
  });
});
afterEach(() => server.close());

describe("openai-responses client", () => {
  it("streams output_text deltas and ends with the whole message", async () => {
    server.enqueue({ kind: "reply", text: "Responses streaming works, delta by delta.", chunkSize: 6 });
    const events = await collect(client.stream(testRequest()));
    expect(events.filter((e) => e.type === "text_delta").length).toBe(7);
    const end = last(events);
    expect(end.type).toBe("done");
    expect(end.message.content).toEqual([
      { type: "text", text: "Responses streaming works, delta by delta." },
    ]);
    expect(end.message.stopReason).toBe("stop");
    expect(end.message.protocol).toBe("openai-responses");
  });

  it("assembles parallel function calls with their call_ids", async () => {
    server.enqueue({
      kind: "reply",
      toolCalls: [
        { id: "call_one", name: "read", arguments: { path: "a.ts" } },
        { id: "call_two", name: "read", arguments: { path: "b.ts" } },
      ],
    });
    const events = await collect(client.stream(testRequest({ tools: [readTool] })));
    expect(
      events.filter((e) => e.type === "tool_call_end").map((e) => e.type === "tool_call_end" && e.index),
    ).toEqual([0, 1]);
    const end = last(events);
    expect(end.message.stopReason).toBe("tool_use");
    expect(end.message.content).toEqual([
      { type: "tool_call", id: "call_one", name: "read", arguments: { path: "a.ts" } },
      { type: "tool_call", id: "call_two", name: "read", arguments: { path: "b.ts" } },
    ]);
  });

  it("keeps malformed arguments as invalidArguments", async () => {
    server.enqueue({ kind: "reply", toolCalls: [{ id: "call_x", name: "read", arguments: "{path: a.ts}" }] });
    const end = last(await collect(client.stream(testRequest({ tools: [readTool] }))));
    expect(end.type).toBe("done");
    expect(end.message.content).toEqual([
      { type: "tool_call", id: "call_x", name: "read", arguments: {}, invalidArguments: "{path: a.ts}" },
    ]);
  });

  it("normalizes usage from response.completed", async () => {
    server.enqueue({
      kind: "reply",
      text: "ok",
      usage: { input: 50, cached_input: 4000, output: 300, reasoning: 256 },
    });
    const end = last(await collect(client.stream(testRequest())));
    expect(end.message.usage).toEqual({
      input: 50,
      cached_input: 4000,
      cache_write: 0,
      output: 300,
      reasoning: 256,
    });
  });

  it("maps response.incomplete (max_output_tokens) to stopReason length", async () => {
    server.enqueue({ kind: "reply", text: "truncated", stopReason: "length" });
    const end = last(await collect(client.stream(testRequest())));
    expect(end.type).toBe("done");
    expect(end.message.stopReason).toBe("length");
  });

  it("streams the reasoning summary as thinking and keeps the encrypted item for the next request", async () => {
    server.enqueue({
      kind: "reply",
      reasoning: "Plan: read, then answer.",
      text: "Here it is.",
      toolCalls: [{ id: "call_r", name: "read", arguments: { path: "x" } }],
    });
    const events = await collect(
      client.stream(testRequest({ model: reasoningModel, tools: [readTool], reasoningEffort: "low" })),
    );
    const thinking = events
      .filter((e) => e.type === "thinking_delta")
      .map((e) => (e.type === "thinking_delta" ? e.delta : ""))
      .join("");
    expect(thinking).toBe("Plan: read, then answer.");
    expect(textOf(events)).toBe("Here it is.");
    const first = last(events).message;
    const block = first.content[0];
    expect(block?.type).toBe("thinking");
    expect(block?.type === "thinking" && block.vendor?.protocol).toBe("openai-responses");
    const encrypted = (block?.type === "thinking" && block.vendor?.data.encryptedContent) as string;
    expect(encrypted).toMatch(/^gAAAA/);

    const body0 = server.requests[0]?.body ?? {};
    expect(body0.include).toEqual(["reasoning.encrypted_content"]);
    expect(body0.reasoning).toEqual({ effort: "low", summary: "auto" });
    expect(body0.store).toBe(false);

    server.enqueue({ kind: "reply", text: "final" });
    const history: Message[] = [
      ...(testRequest().messages as Message[]),
      first,
      {
        role: "tool_result",
        callId: "call_r",
        toolName: "read",
        isError: false,
        content: [{ type: "text", text: "contents" }],
      },
    ];
    await collect(
      client.stream(testRequest({ model: reasoningModel, tools: [readTool], messages: history })),
    );
    expect(server.requests[1]?.body.input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "hello" }] },
      {
        type: "reasoning",
        summary: [{ type: "summary_text", text: "Plan: read, then answer." }],
        encrypted_content: encrypted,
      },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Here it is." }] },
      { type: "function_call", call_id: "call_r", name: "read", arguments: '{"path":"x"}' },
      { type: "function_call_output", call_id: "call_r", output: "contents" },
    ]);
  });

  it("sends instructions, tools, prompt_cache_key and drops other protocols' thinking", async () => {
    server.enqueue({ kind: "reply", text: "ok" });
    const foreign: AssistantMessage = {
      role: "assistant",
      model: "anthropic/claude",
      protocol: "anthropic-messages",
      usage: { input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
      stopReason: "stop",
      content: [
        {
          type: "thinking",
          text: "private reasoning text",
          vendor: { protocol: "anthropic-messages", data: { signature: "sig" } },
        },
        { type: "text", text: "Earlier answer." },
      ],
    };
    const messages: Message[] = [
      { role: "user", content: [{ type: "text", text: "q1" }] },
      foreign,
      {
        role: "user",
        content: [
          { type: "text", text: "q2" },
          { type: "image", mimeType: "image/jpeg", data: "/9j/4AAQ" },
        ],
      },
    ];
    await collect(client.stream(testRequest({ messages, tools: [readTool], cacheKey: "session-42" })));
    const request = server.requests[0];
    const body = request?.body ?? {};
    expect(request?.url).toBe("/v1/responses");
    expect(request?.headers.authorization).toBe("Bearer sk-test-abcdef123");
    expect(body.instructions).toBe("You are a test.");
    expect(body.prompt_cache_key).toBe("session-42");
    expect(body.stream).toBe(true);
    expect(body.max_output_tokens).toBe(8000);
    // Not a reasoning model: no reasoning options (those models reject them).
    expect(body.include).toBeUndefined();
    expect(body.reasoning).toBeUndefined();
    expect(body.tools).toEqual([
      {
        type: "function",
        name: "read",
        description: "Read a file.",
        parameters: readTool.parameters,
        strict: false,
      },
    ]);
    expect(body.input).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "q1" }] },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Earlier answer." }] },
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "q2" },
          { type: "input_image", image_url: "data:image/jpeg;base64,/9j/4AAQ", detail: "auto" },
        ],
      },
    ]);
    expect(JSON.stringify(body)).not.toContain("private reasoning text");
  });

  it("maps a 529 to overloaded", async () => {
    server.enqueue({ kind: "error", status: 529, errorType: "overloaded" });
    const end = last(await collect(client.stream(testRequest())));
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error).toMatchObject({ kind: "overloaded", status: 529, retryable: true });
  });
});
