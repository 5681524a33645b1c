/**
 * The fake server's OpenAI wire formats, checked by the official `openai` SDK: if the SDK's stream helpers
 * (which assemble and validate chunks and Responses events) accept what the fake sends, our clients are tested
 * against the real formats, not our own idea of them.
 */
import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildOpenAIChatBody } from "../../src/providers/openai-chat.ts";
import type { ModelRequest } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";

let server: FakeModelServer;
let client: OpenAI;

beforeEach(async () => {
  server = await startFakeModel();
  client = new OpenAI({
    apiKey: "sk-fake-fidelity-key",
    baseURL: server.baseUrl("openai-chat"),
    maxRetries: 0,
  });
});
afterEach(() => server.close());

const chatParams = {
  model: "gpt-fake",
  messages: [{ role: "user" as const, content: "hi" }],
  stream_options: { include_usage: true },
};

describe("fake Chat Completions through the openai SDK", () => {
  it("streams text and usage that ChatCompletionStream assembles", async () => {
    server.enqueue({
      kind: "reply",
      text: "Hello from the fake GPT.",
      usage: { input: 10, cached_input: 90, output: 7, reasoning: 3 },
    });
    const stream = client.chat.completions.stream(chatParams);
    let streamed = "";
    stream.on("content", (delta) => {
      streamed += delta;
    });
    const completion = await stream.finalChatCompletion();
    expect(streamed).toBe("Hello from the fake GPT.");
    expect(completion.choices[0]?.message.content).toBe("Hello from the fake GPT.");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 7,
      prompt_tokens_details: { cached_tokens: 90 },
      completion_tokens_details: { reasoning_tokens: 3 },
    });
  });

  it("streams parallel tool calls the SDK assembles by index", async () => {
    server.enqueue({
      kind: "reply",
      toolCalls: [
        { id: "call_1", name: "read", arguments: { path: "a.ts" } },
        { id: "call_2", name: "grep", arguments: { pattern: "TODO", path: "src" } },
      ],
    });
    const completion = await client.chat.completions.stream(chatParams).finalChatCompletion();
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.tool_calls).toEqual([
      { id: "call_1", type: "function", function: { name: "read", arguments: '{"path":"a.ts"}' } },
      {
        id: "call_2",
        type: "function",
        function: { name: "grep", arguments: '{"pattern":"TODO","path":"src"}' },
      },
    ]);
  });

  it("sends reasoning_content deltas, a usage chunk with empty choices, and [DONE]", async () => {
    server.enqueue({ kind: "reply", reasoning: "thinking...", text: "ok", stopReason: "length" });
    const stream = await client.chat.completions.create({ ...chatParams, stream: true });
    let reasoning = "";
    let finish: string | null | undefined;
    let usageChunk: OpenAI.Chat.Completions.ChatCompletionChunk | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usageChunk = chunk;
    }
    expect(reasoning).toBe("thinking...");
    expect(finish).toBe("length");
    expect(usageChunk?.choices).toEqual([]);
  });

  it("answers stream:false with one chat.completion", async () => {
    server.enqueue({
      kind: "reply",
      text: "whole",
      toolCalls: [{ id: "call_z", name: "ls", arguments: {} }],
    });
    const completion = await client.chat.completions.create({
      model: "gpt-fake",
      messages: chatParams.messages,
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content).toBe("whole");
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      id: "call_z",
      function: { name: "ls", arguments: "{}" },
    });
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it("our chat request body is a valid SDK request (type-checked) that the SDK sends as is", async () => {
    server.enqueue({ kind: "reply", text: "typed" });
    const request: ModelRequest = {
      model: {
        id: "openai/gpt-fake",
        provider: "openai",
        model: "gpt-fake",
        contextWindow: 1000,
        maxOutput: 100,
        capabilities: { tools: true, reasoning: true, images: true, editFormat: "apply_patch" },
      },
      system: "sys",
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      tools: [{ name: "ls", description: "List.", parameters: { type: "object", properties: {} } }],
      reasoningEffort: "low",
      cacheKey: "k",
    };
    const params: OpenAI.Chat.ChatCompletionCreateParamsStreaming = buildOpenAIChatBody(request);
    const completion = await client.chat.completions.stream(params).finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe("typed");
    expect(server.requests[0]?.body).toEqual(JSON.parse(JSON.stringify(params)));
  });

  it("a 429 with retry-after is retried by the SDK after the hinted delay", async () => {
    server.enqueue(
      { kind: "error", status: 429, errorType: "rate_limit", retryAfter: 1 },
      { kind: "reply", text: "after waiting" },
    );
    const retrying = new OpenAI({ apiKey: "sk-x", baseURL: server.baseUrl("openai-chat"), maxRetries: 1 });
    const started = performance.now();
    const completion = await retrying.chat.completions.stream(chatParams).finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe("after waiting");
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests.length).toBe(2);
  });

  it("a 429 surfaces as RateLimitError with OpenAI's error body", async () => {
    server.enqueue({ kind: "error", status: 429, errorType: "rate_limit", retryAfter: 5 });
    const error = await client.chat.completions
      .create({ ...chatParams, stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rate = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rate.status).toBe(429);
    expect(rate.code).toBe("rate_limit_exceeded");
    expect(rate.headers?.get("retry-after")).toBe("5");
  });

  it("401, context overflow and 5xx map to the SDK's error classes", async () => {
    server.enqueue(
      { kind: "error", status: 401, errorType: "auth" },
      { kind: "error", status: 400, errorType: "context_overflow" },
      { kind: "error", status: 503, errorType: "overloaded" },
    );
    const auth = await client.chat.completions.create(chatParams).catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((auth as Error).message).not.toContain("sk-fake-fidelity-key");
    const overflow = await client.chat.completions.create(chatParams).catch((e: unknown) => e);
    expect(overflow).toBeInstanceOf(OpenAI.BadRequestError);
    expect((overflow as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("context_length_exceeded");
    const overloaded = await client.chat.completions.create(chatParams).catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(OpenAI.InternalServerError);
  });

  it("an in-stream error chunk is raised by the SDK as an APIError", async () => {
    server.enqueue({ kind: "reply", text: "partial", streamError: "overloaded" });
    const stream = await client.chat.completions.create({ ...chatParams, stream: true });
    const error = await (async () => {
      for await (const _ of stream) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain("overloaded");
  });
});

describe("fake Responses API through the openai SDK", () => {
  const params = {
    model: "gpt-fake",
    input: "hi",
    include: ["reasoning.encrypted_content" as const],
    reasoning: { effort: "low" as const, summary: "auto" as const },
  };

  it("streams reasoning, text, parallel function calls and usage that ResponseStream accumulates", async () => {
    server.enqueue({
      kind: "reply",
      reasoning: "Think first.",
      text: "Calling two tools.",
      toolCalls: [
        { id: "call_a", name: "read", arguments: { path: "x" } },
        { id: "call_b", name: "read", arguments: { path: "y" } },
      ],
      usage: { input: 20, cached_input: 80, output: 50, reasoning: 30 },
    });
    const stream = client.responses.stream(params);
    let text = "";
    let summary = "";
    const argDeltas: string[] = [];
    stream.on("response.output_text.delta", (e) => {
      text += e.delta;
    });
    stream.on("response.reasoning_summary_text.delta", (e) => {
      summary += e.delta;
    });
    stream.on("response.function_call_arguments.delta", (e) => {
      argDeltas.push(e.snapshot);
    });
    const response = await stream.finalResponse();
    expect(text).toBe("Calling two tools.");
    expect(summary).toBe("Think first.");
    expect(argDeltas.at(-1)).toBe('{"path":"y"}');
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe("Calling two tools.");
    expect(response.output.map((o) => o.type)).toEqual([
      "reasoning",
      "message",
      "function_call",
      "function_call",
    ]);
    const reasoning = response.output[0] as OpenAI.Responses.ResponseReasoningItem;
    expect(reasoning.summary).toEqual([{ type: "summary_text", text: "Think first." }]);
    expect(reasoning.encrypted_content).toMatch(/^gAAAA/);
    const calls = response.output.flatMap((o) =>
      o.type === "function_call" ? [[o.call_id, o.name, o.arguments]] : [],
    );
    expect(calls).toEqual([
      ["call_a", "read", '{"path":"x"}'],
      ["call_b", "read", '{"path":"y"}'],
    ]);
    expect(response.usage).toMatchObject({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 80 },
      output_tokens: 50,
      output_tokens_details: { reasoning_tokens: 30 },
    });
  });

  it("numbers events with increasing sequence_number and names them in the SSE event field", async () => {
    server.enqueue({ kind: "reply", text: "abc" });
    const stream = await client.responses.create({ model: "gpt-fake", input: "hi", stream: true });
    const seen: { type: string; seq: number }[] = [];
    for await (const event of stream) seen.push({ type: event.type, seq: event.sequence_number });
    expect(seen.map((s) => s.seq)).toEqual(seen.map((_, i) => i));
    expect(seen[0]?.type).toBe("response.created");
    expect(seen.at(-1)?.type).toBe("response.completed");
  });

  it("ends with response.incomplete at the token limit", async () => {
    server.enqueue({ kind: "reply", text: "cut", stopReason: "length" });
    const response = await client.responses.stream({ model: "gpt-fake", input: "hi" }).finalResponse();
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details?.reason).toBe("max_output_tokens");
  });

  it("answers stream:false with the final response object", async () => {
    server.enqueue({ kind: "reply", text: "whole answer" });
    const response = await client.responses.create({ model: "gpt-fake", input: "hi" });
    expect(response.object).toBe("response");
    expect(response.output_text).toBe("whole answer");
  });

  it("in-stream failures: an `error` event rejects the stream; response.failed ends with status failed", async () => {
    server.enqueue(
      { kind: "reply", streamError: "overloaded" },
      { kind: "reply", text: "x", streamError: "server" },
    );
    const raised = await client.responses
      .stream({ model: "gpt-fake", input: "hi" })
      .finalResponse()
      .catch((e: unknown) => e);
    // The SDK rejects with the parsed ResponseErrorEvent itself.
    expect(raised).toMatchObject({ type: "error", code: "server_is_overloaded", sequence_number: 2 });
    const failed = await client.responses.stream({ model: "gpt-fake", input: "hi" }).finalResponse();
    expect(failed.status).toBe("failed");
    expect(failed.error?.code).toBe("server_error");
  });

  it("a 429 surfaces as RateLimitError", async () => {
    server.enqueue({ kind: "error", status: 429, retryAfter: 2 });
    const error = await client.responses
      .create({ model: "gpt-fake", input: "hi", stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  });
});
