/**
 * Errors reported inside a 200 stream: OpenAI Responses `response.failed` / `error` events, and the
 * `{"error":{…}}` chunks OpenRouter and vLLM send on Chat Completions. The script format only renders HTTP
 * errors, so these use small test-local handlers that write the vendors' real frames.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createOpenAIChatClient } from "../../src/providers/openai-chat.ts";
import { createOpenAIResponsesClient } from "../../src/providers/openai-responses.ts";
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
    const events = [
      chunk("Half an "),
      chunk("answer"),
      sse({ error: { message: "Upstream provider overloaded", code: 502, type: "server_error" } }),
    ];
    server = await startFakeModel({ handlers: [withEvents(openaiChatHandler, events)] });
    server.enqueue({ kind: "reply" });
    const end = last(
      await collect(createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") }).stream(testRequest())),
    );
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error.kind).toBe("overloaded");
    expect(end.error.message).toContain("Upstream provider overloaded");
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

  it("responses: response.failed with server_error is a retryable server error", async () => {
    const response = { id: "resp_1", object: "response", status: "failed", output: [], usage: null };
    const events = [
      sse(
        { type: "response.created", sequence_number: 0, response: { ...response, status: "in_progress" } },
        "response.created",
      ),
      sse(
        {
          type: "response.failed",
          sequence_number: 1,
          response: { ...response, error: { code: "server_error", message: "The model had an error." } },
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
    expect(end.error).toMatchObject({ kind: "server", retryable: true });
    expect(end.error.message).toContain("The model had an error.");
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
});
