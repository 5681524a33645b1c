/**
 * Regression (issue #9): an error the OpenAI Responses API reports inside a 200 stream was shown as "no
 * details" because the service nests code and message under `error` (not at the top of the event as the API
 * reference documents). The user must see the vendor's message and code, as for HTTP errors, and running out
 * of quota must not be retried.
 */
import { afterEach, expect, it } from "vitest";
import { createOpenAIResponsesClient } from "../../src/providers/openai-responses.ts";
import { withRetry } from "../../src/providers/retry.ts";
import { type ProtocolHandler, sse, sseHeaders } from "../support/fake-model/handler.ts";
import { openaiResponsesHandler } from "../support/fake-model/handlers/openai-responses.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, testRequest } from "./client-support.ts";

let server: FakeModelServer | undefined;
afterEach(() => server?.close());

const quotaMessage = "You exceeded your current quota, please check your plan and billing details.";

function withEvents(events: string[]): ProtocolHandler {
  return {
    ...openaiResponsesHandler,
    renderReply: () => ({ status: 200, headers: { ...sseHeaders }, events }),
  };
}

it("an insufficient_quota `error` event shows the vendor's message and code, keeps the text, is not retried", async () => {
  server = await startFakeModel();
  server.enqueue({ kind: "reply", text: "Partial answer", streamError: "quota" });
  const client = withRetry(createOpenAIResponsesClient({ baseUrl: server.baseUrl("openai-responses") }), {
    sleep: async () => {},
  });
  const events = await collect(client.stream(testRequest()));
  const end = last(events);
  if (end.type !== "error") throw new Error("expected error");
  expect(end.error.message).not.toContain("no details");
  expect(end.error.message).toContain(quotaMessage);
  expect(end.error.message).toContain("insufficient_quota");
  expect(end.error).toMatchObject({ kind: "rate_limit", retryable: false });
  expect(end.message.content).toEqual([{ type: "text", text: "Partial answer" }]);
  expect(events.some((e) => e.type === "retry")).toBe(false);
  expect(server.requests).toHaveLength(1);
});

it("response.failed with insufficient_quota says the same", async () => {
  const failed = {
    type: "response.failed",
    sequence_number: 0,
    response: { status: "failed", output: [], error: { code: "insufficient_quota", message: quotaMessage } },
  };
  server = await startFakeModel({ handlers: [withEvents([sse(failed, "response.failed")])] });
  server.enqueue({ kind: "reply" });
  const end = last(
    await collect(
      createOpenAIResponsesClient({ baseUrl: server.baseUrl("openai-responses") }).stream(testRequest()),
    ),
  );
  if (end.type !== "error") throw new Error("expected error");
  expect(end.error).toMatchObject({ kind: "rate_limit", retryable: false });
  expect(end.error.message).toContain(quotaMessage);
  expect(end.error.message).toContain("insufficient_quota");
});

it("a nested `error` event with an unknown code quotes message and code", async () => {
  const event = {
    type: "error",
    sequence_number: 3,
    error: {
      type: "invalid_request_error",
      code: "invalid_prompt",
      message: "Your prompt was flagged.",
      param: null,
    },
  };
  server = await startFakeModel({ handlers: [withEvents([sse(event, "error")])] });
  server.enqueue({ kind: "reply" });
  const end = last(
    await collect(
      createOpenAIResponsesClient({ baseUrl: server.baseUrl("openai-responses") }).stream(testRequest()),
    ),
  );
  if (end.type !== "error") throw new Error("expected error");
  expect(end.error.message).toContain("Your prompt was flagged.");
  expect(end.error.message).toContain("invalid_prompt");
  expect(end.error.message).not.toContain("no details");
});

it("an error event with a code but no message shows the code", async () => {
  const event = { type: "error", sequence_number: 0, error: { code: "server_is_overloaded", message: null } };
  server = await startFakeModel({ handlers: [withEvents([sse(event, "error")])] });
  server.enqueue({ kind: "reply" });
  const end = last(
    await collect(
      createOpenAIResponsesClient({ baseUrl: server.baseUrl("openai-responses") }).stream(testRequest()),
    ),
  );
  if (end.type !== "error") throw new Error("expected error");
  expect(end.error).toMatchObject({ kind: "overloaded", retryable: true });
  expect(end.error.message).toContain("server_is_overloaded");
});
