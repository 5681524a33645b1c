/**
 * Errors reported inside a 200 stream: OpenAI Responses `response.failed` / `error` events, and the
 * `{"error":{…}}` chunks OpenRouter and vLLM send on Chat Completions. Most use `ReplyStep.streamError`;
 * shapes the script cannot express use small test-local handlers that write the vendors' real frames.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createOpenAIChatClient } from "../../src/providers/openai-chat.ts";
import { createOpenAIResponsesClient } from "../../src/providers/openai-responses.ts";
import { withRetry } from "../../src/providers/retry.ts";
import { type ProtocolHandler, sse, sseHeaders } from "../support/fake-model/handler.ts";
import { openaiChatHandler } from "../support/fake-model/handlers/openai-chat.ts";
import { openaiResponsesHandler } from "../support/fake-model/handlers/openai-responses.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, testRequest } from "./client-support.ts";

let server: FakeModelServer | undefined;
afterEach(() => server?.close());

function withEvents(base: ProtocolHandler, events: string[]): ProtocolHandler {
  return { ...base, renderReply: () => ({ status: 200, headers: { ...sseHeaders }, events }) };
}

const chunk = (content: string) =>
  sse({
    id: "c1",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });

describe("errors inside a 200 stream", () => {
  it("chat: an error chunk after some text ends with that error and keeps the text", async () => {
    server = await startFakeModel();
    server.enqueue({ kind: "reply", text: "Half an answer", streamError: "overloaded" });
    const end = last(
      await collect(createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") }).stream(testRequest())),
    );
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error).toMatchObject({ kind: "overloaded", retryable: true });
    expect(end.error.message).toContain("overloaded");
    expect(end.message.content).toEqual([{ type: "text", text: "Half an answer" }]);
  });

  it("chat: a stream that ends cleanly without finish_reason or [DONE] is a retryable network error", async () => {
    server = await startFakeModel({ handlers: [withEvents(openaiChatHandler, [chunk("cut")])] });
    server.enqueue({ kind: "reply" });
    const end = last(
      await collect(createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") }).stream(testRequest())),
    );
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error).toMatchObject({ kind: "network", retryable: true });
    expect(end.message.content).toEqual([{ type: "text", text: "cut" }]);
  });

  it("responses: response.failed with server_error is a retryable server error, text kept", async () => {
    server = await startFakeModel();
    server.enqueue({ kind: "reply", text: "Some text first", streamError: "server" });
    const end = last(
      await collect(
        createOpenAIResponsesClient({ baseUrl: server.baseUrl("openai-responses") }).stream(testRequest()),
      ),
    );
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error).toMatchObject({ kind: "server", retryable: true });
    expect(end.error.message).toContain("The server had an error");
    expect(end.message.content).toEqual([{ type: "text", text: "Some text first" }]);
  });

  it("responses: an overloaded `error` event before any output is retried by withRetry", async () => {
    server = await startFakeModel();
    server.enqueue({ kind: "reply", streamError: "overloaded" }, { kind: "reply", text: "fine now" });
    const client = withRetry(createOpenAIResponsesClient({ baseUrl: server.baseUrl("openai-responses") }), {
      sleep: async () => {},
    });
    const events = await collect(client.stream(testRequest()));
    expect(events[0]).toMatchObject({ type: "retry", error: { kind: "overloaded" } });
    expect(last(events)).toMatchObject({
      type: "done",
      message: { content: [{ type: "text", text: "fine now" }] },
    });
  });

  it("responses: an `error` event with rate_limit_exceeded is a retryable rate limit", async () => {
    const events = [
      sse(
        {
          type: "error",
          sequence_number: 0,
          code: "rate_limit_exceeded",
          message: "Slow down.",
          param: null,
        },
        "error",
      ),
    ];
    server = await startFakeModel({ handlers: [withEvents(openaiResponsesHandler, events)] });
    server.enqueue({ kind: "reply" });
    const end = last(
      await collect(
        createOpenAIResponsesClient({ baseUrl: server.baseUrl("openai-responses") }).stream(testRequest()),
      ),
    );
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error).toMatchObject({ kind: "rate_limit", retryable: true });
  });

  it("responses: context_length_exceeded in response.failed is context_overflow", async () => {
    const events = [
      sse(
        {
          type: "response.failed",
          sequence_number: 0,
          response: {
            status: "failed",
            output: [],
            error: {
              code: "context_length_exceeded",
              message: "Your input exceeds the context window of this model.",
            },
          },
        },
        "response.failed",
      ),
    ];
    server = await startFakeModel({ handlers: [withEvents(openaiResponsesHandler, events)] });
    server.enqueue({ kind: "reply" });
    const end = last(
      await collect(
        createOpenAIResponsesClient({ baseUrl: server.baseUrl("openai-responses") }).stream(testRequest()),
      ),
    );
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error).toMatchObject({ kind: "context_overflow", retryable: false });
  });

  it("a 200 JSON answer instead of a stream ends with a clear error (error body classified)", async () => {
    const jsonHandler = (body: unknown): ProtocolHandler => ({
      ...openaiChatHandler,
      renderReply: () => ({
        status: 200,
        headers: { "content-type": "application/json" },
        events: [JSON.stringify(body)],
      }),
    });
    server = await startFakeModel({
      handlers: [jsonHandler({ error: { message: "model is loading", code: "server_error" } })],
    });
    server.enqueue({ kind: "reply" });
    const client = createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") });
    const loading = last(await collect(client.stream(testRequest())));
    if (loading.type !== "error") throw new Error("expected error");
    expect(loading.error).toMatchObject({ kind: "server", retryable: true });
    expect(loading.error.message).toContain("model is loading");
    await server.close();

    server = await startFakeModel({
      handlers: [jsonHandler({ id: "x", object: "chat.completion", choices: [] })],
    });
    server.enqueue({ kind: "reply" });
    const plain = last(
      await collect(createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") }).stream(testRequest())),
    );
    if (plain.type !== "error") throw new Error("expected error");
    expect(plain.error).toMatchObject({ kind: "protocol", retryable: false });
    expect(plain.error.message).toContain("instead of an event stream");
  });
});
