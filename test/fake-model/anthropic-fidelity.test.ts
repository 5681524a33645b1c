/**
 * The fake server's Anthropic wire format, checked by the official SDK: if `@anthropic-ai/sdk` parses what the
 * fake sends (text, thinking with signature, parallel tool_use, usage, a 529), our client is tested against
 * the real format, not our own idea of it.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildAnthropicMessagesBody } from "../../src/providers/anthropic-messages.ts";
import { emptyUsage } from "../../src/providers/usage.ts";
import { modelEntry, request } from "../providers/anthropic-gemini-helpers.ts";
import { fakeThinkingSignature } from "../support/fake-model/handlers/anthropic-messages.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";

let server: FakeModelServer;
let client: Anthropic;

beforeEach(async () => {
  server = await startFakeModel();
  client = new Anthropic({
    apiKey: "sk-ant-fake-key",
    baseURL: server.baseUrl("anthropic-messages"),
    maxRetries: 0,
  });
});
afterEach(async () => {
  await server.close();
});

const params = {
  model: "claude-fake",
  max_tokens: 1024,
  messages: [{ role: "user" as const, content: "hi" }],
};

describe("fake Anthropic server through @anthropic-ai/sdk", () => {
  it("streams text, thinking with its signature, and usage the SDK accumulates", async () => {
    server.enqueue({
      kind: "reply",
      reasoning: "Let me think about it.",
      text: "Hello from the fake Claude.",
      usage: { input: 40, cached_input: 1000, cache_write: 200, output: 30, reasoning: 12 },
    });
    const stream = client.messages.stream(params);
    let streamedText = "";
    stream.on("text", (delta) => {
      streamedText += delta;
    });
    const message = await stream.finalMessage();
    expect(streamedText).toBe("Hello from the fake Claude.");
    expect(message.content).toEqual([
      {
        type: "thinking",
        thinking: "Let me think about it.",
        signature: fakeThinkingSignature("Let me think about it."),
      },
      { type: "text", text: "Hello from the fake Claude." },
    ]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.input_tokens).toBe(40);
    expect(message.usage.cache_read_input_tokens).toBe(1000);
    expect(message.usage.cache_creation_input_tokens).toBe(200);
    expect(message.usage.output_tokens).toBe(30);
    const recorded = server.requests[0];
    expect(recorded?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(recorded?.body.stream).toBe(true);
  });

  it("streams parallel tool_use blocks whose inputs the SDK parses", async () => {
    server.enqueue({
      kind: "reply",
      text: "Reading both.",
      toolCalls: [
        { id: "toolu_01A", name: "read", arguments: { path: "a.ts" } },
        { name: "read", arguments: { path: "b.ts", limit: 20 } },
      ],
    });
    const message = await client.messages.stream(params).finalMessage();
    const tools = message.content.filter((b) => b.type === "tool_use");
    expect(tools).toHaveLength(2);
    expect(tools[0]).toMatchObject({ id: "toolu_01A", name: "read", input: { path: "a.ts" } });
    expect(tools[1]).toMatchObject({ name: "read", input: { path: "b.ts", limit: 20 } });
    expect(tools[1]?.id).toMatch(/^toolu_01/);
    expect(message.stop_reason).toBe("tool_use");
  });

  it("ends with max_tokens when the step says length, via create({stream: true}) raw events", async () => {
    server.enqueue({ kind: "reply", text: "cut o", stopReason: "length" });
    const stream = await client.messages.create({ ...params, stream: true });
    const types: string[] = [];
    let stop: string | null | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "message_delta") stop = event.delta.stop_reason;
    }
    expect(types[0]).toBe("message_start");
    expect(types.at(-1)).toBe("message_stop");
    expect(stop).toBe("max_tokens");
  });

  it("answers 529 overloaded_error that the SDK raises as an APIError with the vendor's type", async () => {
    server.enqueue({ kind: "error", status: 529, errorType: "overloaded" });
    const error = await client.messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(529);
    expect(apiError.error).toMatchObject({
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
  });

  it("sends an in-stream overloaded_error event that the SDK raises mid-stream", async () => {
    server.enqueue({ kind: "reply", text: "partial", streamError: "overloaded" });
    const stream = client.messages.stream(params);
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(String((error as Error).message)).toContain("overloaded_error");
  });

  it("answers 429 with retry-after and rate_limit_error", async () => {
    server.enqueue({ kind: "error", status: 429, retryAfter: 7 });
    const error = await client.messages.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers?.get("retry-after")).toBe("7");
  });
});

describe("our request body through @anthropic-ai/sdk", () => {
  it("type-checks as the SDK's streaming params and reaches the server unchanged", async () => {
    const model = modelEntry("anthropic");
    const signature = fakeThinkingSignature("plan");
    const ours = buildAnthropicMessagesBody(
      request(
        model,
        [
          {
            role: "user",
            content: [
              { type: "text", text: "look" },
              { type: "image", mimeType: "image/png", data: "iVBOR" },
            ],
          },
          {
            role: "assistant",
            content: [
              {
                type: "thinking",
                text: "plan",
                vendor: { protocol: "anthropic-messages", data: { signature } },
              },
              {
                type: "thinking",
                text: "",
                vendor: { protocol: "anthropic-messages", data: { redacted: "EmwK" } },
              },
              { type: "text", text: "Reading." },
              { type: "tool_call", id: "toolu_1", name: "read", arguments: { path: "a" } },
            ],
            model: model.id,
            protocol: "anthropic-messages",
            usage: emptyUsage(),
            stopReason: "tool_use",
          },
          {
            role: "tool_result",
            callId: "toolu_1",
            toolName: "read",
            content: [{ type: "text", text: "A" }],
            isError: true,
          },
        ],
        { reasoningEffort: "low" },
      ),
    );
    // Compile-time fidelity: our body is a valid SDK request as typed.
    const params: Anthropic.MessageCreateParamsStreaming = ours;
    server.enqueue({ kind: "reply", text: "ok" });
    const stream = await client.messages.create(params);
    for await (const _ of stream) {
      // drain
    }
    expect(server.requests[0]?.body).toEqual(JSON.parse(JSON.stringify(ours)));
  });
});
