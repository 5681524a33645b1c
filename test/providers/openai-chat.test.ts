import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOpenAIChatClient } from "../../src/providers/openai-chat.ts";
import type { Message, ProviderClient } from "../../src/providers/types.ts";
import { type ProtocolHandler, sse } from "../support/fake-model/handler.ts";
import { createOpenAIChatHandler, openaiChatHandler } from "../support/fake-model/handlers/openai-chat.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, readTool, testModel, testRequest, textOf } from "./client-support.ts";

let server: FakeModelServer;
let client: ProviderClient;

beforeEach(async () => {
  server = await startFakeModel();
  client = createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") });
});
afterEach(() => server.close());

describe("openai-chat client", () => {
  it("streams text deltas and ends with the whole message", async () => {
    server.enqueue({ kind: "reply", text: "Hello from the fake model, streamed in pieces.", chunkSize: 5 });
    const events = await collect(client.stream(testRequest()));
    const deltas = events.filter((e) => e.type === "text_delta");
    expect(deltas.length).toBe(10);
    expect(textOf(events)).toBe("Hello from the fake model, streamed in pieces.");
    const end = last(events);
    expect(end.type).toBe("done");
    expect(end.message.content).toEqual([
      { type: "text", text: "Hello from the fake model, streamed in pieces." },
    ]);
    expect(end.message.stopReason).toBe("stop");
    expect(end.message.protocol).toBe("openai-chat");
    expect(end.message.model).toBe("test/fake-model");
  });

  it("assembles parallel tool calls by index, keeping their ids", async () => {
    server.enqueue({
      kind: "reply",
      text: "Reading both.",
      toolCalls: [
        { id: "call_A1", name: "read", arguments: { path: "a.ts" } },
        { id: "call_B2", name: "read", arguments: { path: "some/much/longer/path/to/b.ts" } },
      ],
    });
    const events = await collect(client.stream(testRequest({ tools: [readTool] })));
    const starts = events.filter((e) => e.type === "tool_call_start");
    expect(starts.map((e) => e.type === "tool_call_start" && [e.id, e.name, e.index])).toEqual([
      ["call_A1", "read", 1],
      ["call_B2", "read", 2],
    ]);
    const end = last(events);
    expect(end.type).toBe("done");
    expect(end.message.stopReason).toBe("tool_use");
    expect(end.message.content.slice(1)).toEqual([
      { type: "tool_call", id: "call_A1", name: "read", arguments: { path: "a.ts" } },
      {
        type: "tool_call",
        id: "call_B2",
        name: "read",
        arguments: { path: "some/much/longer/path/to/b.ts" },
      },
    ]);
  });

  it("keeps malformed tool-call JSON as invalidArguments instead of throwing", async () => {
    server.enqueue({
      kind: "reply",
      toolCalls: [{ id: "call_bad", name: "read", arguments: '{"path": "a.ts",' }],
    });
    const end = last(await collect(client.stream(testRequest({ tools: [readTool] }))));
    expect(end.type).toBe("done");
    expect(end.message.content).toEqual([
      {
        type: "tool_call",
        id: "call_bad",
        name: "read",
        arguments: {},
        invalidArguments: '{"path": "a.ts",',
      },
    ]);
  });

  it("normalizes usage: cached tokens are taken out of input, reasoning kept", async () => {
    server.enqueue({
      kind: "reply",
      text: "ok",
      usage: { input: 300, cached_input: 1200, output: 90, reasoning: 40 },
    });
    const end = last(await collect(client.stream(testRequest())));
    expect(end.message.usage).toEqual({
      input: 300,
      cached_input: 1200,
      cache_write: 0,
      output: 90,
      reasoning: 40,
    });
  });

  it("streams reasoning_content as thinking before the text", async () => {
    server.enqueue({ kind: "reply", reasoning: "Let me think about it.", text: "Answer." });
    const events = await collect(client.stream(testRequest()));
    expect(events.filter((e) => e.type === "thinking_delta").every((e) => e.index === 0)).toBe(true);
    expect(last(events).message.content).toEqual([
      { type: "thinking", text: "Let me think about it." },
      { type: "text", text: "Answer." },
    ]);
  });

  it("reads the `reasoning` delta field too (OpenRouter, Ollama)", async () => {
    const other = await startFakeModel({
      handlers: [createOpenAIChatHandler({ reasoningField: "reasoning" })],
    });
    try {
      other.enqueue({ kind: "reply", reasoning: "Thinking via the other field.", text: "Done." });
      const events = await collect(
        createOpenAIChatClient({ baseUrl: other.baseUrl("openai-chat") }).stream(testRequest()),
      );
      expect(last(events).message.content[0]).toEqual({
        type: "thinking",
        text: "Thinking via the other field.",
      });
    } finally {
      await other.close();
    }
  });

  it("reads Groq's usage from x_groq.usage", async () => {
    const groq: ProtocolHandler = {
      ...openaiChatHandler,
      renderReply(step, request) {
        const rendered = openaiChatHandler.renderReply(step, request);
        const events = rendered.events.map((frame) => {
          if (!frame.includes('"usage"')) return frame;
          const { usage, ...rest } = JSON.parse(frame.slice("data: ".length)) as Record<string, unknown>;
          return sse({ ...rest, x_groq: { id: "req_1", usage } });
        });
        return { ...rendered, events };
      },
    };
    const other = await startFakeModel({ handlers: [groq] });
    try {
      other.enqueue({ kind: "reply", text: "ok", usage: { input: 11, output: 5 } });
      const events = await collect(
        createOpenAIChatClient({ baseUrl: other.baseUrl("openai-chat") }).stream(testRequest()),
      );
      expect(last(events).message.usage).toMatchObject({ input: 11, output: 5 });
    } finally {
      await other.close();
    }
  });

  it("numbers tool calls in order when the server omits `index` (complete call per chunk)", async () => {
    const noIndex: ProtocolHandler = {
      ...openaiChatHandler,
      renderReply: () => {
        const base = { id: "c", object: "chat.completion.chunk", created: 1, model: "m" };
        const call = (id: string, path: string) =>
          sse({
            ...base,
            choices: [
              {
                index: 0,
                delta: {
                  tool_calls: [
                    { id, type: "function", function: { name: "read", arguments: `{"path":"${path}"}` } },
                  ],
                },
                finish_reason: null,
              },
            ],
          });
        const finish = sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
        return {
          status: 200,
          headers: { "content-type": "text/event-stream" },
          events: [call("a1", "x"), call("b2", "y"), finish, sse("[DONE]")],
        };
      },
    };
    const other = await startFakeModel({ handlers: [noIndex] });
    try {
      other.enqueue({ kind: "reply" });
      const end = last(
        await collect(
          createOpenAIChatClient({ baseUrl: other.baseUrl("openai-chat") }).stream(testRequest()),
        ),
      );
      expect(end.message.stopReason).toBe("tool_use");
      expect(end.message.content).toEqual([
        { type: "tool_call", id: "a1", name: "read", arguments: { path: "x" } },
        { type: "tool_call", id: "b2", name: "read", arguments: { path: "y" } },
      ]);
    } finally {
      await other.close();
    }
  });

  it("takes a tool name that arrives after the call's first delta", async () => {
    const base = { id: "c", object: "chat.completion.chunk", created: 1, model: "m" };
    const frame = (delta: unknown, finish: string | null = null) =>
      sse({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
    const events = [
      frame({ tool_calls: [{ index: 0, id: "call_late", type: "function", function: { arguments: "" } }] }),
      frame({ tool_calls: [{ index: 0, function: { name: "read", arguments: '{"path":"z"}' } }] }),
      frame({}, "tool_calls"),
      sse("[DONE]"),
    ];
    const late: ProtocolHandler = {
      ...openaiChatHandler,
      renderReply: () => ({ status: 200, headers: { "content-type": "text/event-stream" }, events }),
    };
    const other = await startFakeModel({ handlers: [late] });
    try {
      other.enqueue({ kind: "reply" });
      const end = last(
        await collect(
          createOpenAIChatClient({ baseUrl: other.baseUrl("openai-chat") }).stream(testRequest()),
        ),
      );
      expect(end.message.content).toEqual([
        { type: "tool_call", id: "call_late", name: "read", arguments: { path: "z" } },
      ]);
    } finally {
      await other.close();
    }
  });

  it("maps finish_reason length to stopReason length", async () => {
    server.enqueue({ kind: "reply", text: "cut off", stopReason: "length" });
    const end = last(await collect(client.stream(testRequest())));
    expect(end.type).toBe("done");
    expect(end.message.stopReason).toBe("length");
  });

  it("sends system prompt, history with tool calls and results, tools and usage option", async () => {
    server.enqueue({ kind: "reply", text: "ok" });
    const messages: Message[] = [
      { role: "user", content: [{ type: "text", text: "read a.ts" }] },
      {
        role: "assistant",
        model: "anthropic/claude",
        protocol: "anthropic-messages",
        usage: { input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
        stopReason: "tool_use",
        content: [
          {
            type: "thinking",
            text: "secret chain of thought",
            vendor: { protocol: "anthropic-messages", data: { signature: "s" } },
          },
          { type: "text", text: "Reading." },
          { type: "tool_call", id: "toolu_1", name: "read", arguments: { path: "a.ts" } },
        ],
      },
      {
        role: "tool_result",
        callId: "toolu_1",
        toolName: "read",
        isError: false,
        content: [{ type: "text", text: "export {}" }],
      },
    ];
    await collect(client.stream(testRequest({ messages, tools: [readTool], cacheKey: "sess-1" })));
    const body = server.requests[0]?.body ?? {};
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.max_tokens).toBe(8000);
    expect(body.max_completion_tokens).toBeUndefined();
    // Not OpenAI itself and no quirk: compatible servers may reject unknown fields.
    expect(body.prompt_cache_key).toBeUndefined();
    expect(body.tools).toEqual([
      {
        type: "function",
        function: { name: "read", description: "Read a file.", parameters: readTool.parameters },
      },
    ]);
    expect(body.messages).toEqual([
      { role: "system", content: "You are a test." },
      { role: "user", content: "read a.ts" },
      {
        role: "assistant",
        content: "Reading.",
        tool_calls: [
          { id: "toolu_1", type: "function", function: { name: "read", arguments: '{"path":"a.ts"}' } },
        ],
      },
      { role: "tool", tool_call_id: "toolu_1", content: "export {}" },
    ]);
    expect(JSON.stringify(body)).not.toContain("secret chain of thought");
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("uses OpenAI's own fields for provider openai: max_completion_tokens, prompt_cache_key, developer role", async () => {
    server.enqueue({ kind: "reply", text: "ok" });
    const openai = createOpenAIChatClient({
      baseUrl: server.baseUrl("openai-chat"),
      apiKey: "sk-test-123456789",
    });
    const model = testModel({
      provider: "openai",
      capabilities: { tools: true, reasoning: true, images: true, editFormat: "apply_patch" },
      quirks: { developerRole: true },
    });
    await collect(
      openai.stream(
        testRequest({ model, cacheKey: "sess-9", reasoningEffort: "high", maxOutputTokens: 500 }),
      ),
    );
    const request = server.requests[0];
    expect(request?.body.max_completion_tokens).toBe(500);
    expect(request?.body.max_tokens).toBeUndefined();
    expect(request?.body.prompt_cache_key).toBe("sess-9");
    expect(request?.body.reasoning_effort).toBe("high");
    expect((request?.body.messages as { role: string }[] | undefined)?.[0]?.role).toBe("developer");
    expect(request?.headers.authorization).toBe("Bearer sk-test-123456789");
  });

  it("leaves the output limit to the server for a model the catalog does not know", async () => {
    server.enqueue({ kind: "reply", text: "ok" }, { kind: "reply", text: "ok" });
    await collect(client.stream(testRequest({ model: testModel({ unknown: true }) })));
    expect(server.requests[0]?.body.max_tokens).toBeUndefined();
    await collect(client.stream(testRequest({ model: testModel({ unknown: true }), maxOutputTokens: 256 })));
    expect(server.requests[1]?.body.max_tokens).toBe(256);
  });

  it("omits stream_options when the server does not support it", async () => {
    server.enqueue({ kind: "reply", text: "ok" });
    const model = testModel({ quirks: { streamUsage: false } });
    const end = last(await collect(client.stream(testRequest({ model }))));
    expect(server.requests[0]?.body.stream_options).toBeUndefined();
    expect(end.type).toBe("done");
  });

  it("sends user images as data URLs", async () => {
    server.enqueue({ kind: "reply", text: "a cat" });
    const messages: Message[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "what is it?" },
          { type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
        ],
      },
    ];
    await collect(client.stream(testRequest({ messages })));
    expect((server.requests[0]?.body.messages as unknown[] | undefined)?.[1]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "what is it?" },
        { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
      ],
    });
  });
});
