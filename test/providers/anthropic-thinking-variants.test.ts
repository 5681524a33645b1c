/**
 * Thinking shapes the scripted fake does not produce by itself, made by rewriting its real rendering: redacted
 * thinking, and thinking whose text is omitted (only a signature), as newer Claude models send by default.
 */
import { afterEach, expect, it } from "vitest";
import {
  buildAnthropicMessagesBody,
  createAnthropicMessagesClient,
} from "../../src/providers/anthropic-messages.ts";
import type { RecordedRequest, RenderedResponse } from "../support/fake-model/handler.ts";
import {
  anthropicMessagesHandler,
  fakeThinkingSignature,
} from "../support/fake-model/handlers/anthropic-messages.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import type { ReplyStep } from "../support/fake-model/script.ts";
import { collect, modelEntry, request, user } from "./anthropic-gemini-helpers.ts";

let server: FakeModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves the fake's Anthropic rendering with each SSE frame passed through `rewrite` (undefined = drop it). */
async function serveRewritten(rewrite: (frame: string) => string | undefined) {
  const handler = {
    ...anthropicMessagesHandler,
    renderReply(step: ReplyStep, recorded: RecordedRequest): RenderedResponse {
      const rendered = anthropicMessagesHandler.renderReply(step, recorded);
      return { ...rendered, events: rendered.events.flatMap((e) => rewrite(e) ?? []) };
    },
  };
  server = await startFakeModel({ handlers: [handler] });
  return createAnthropicMessagesClient({ baseUrl: server.baseUrl("anthropic-messages"), apiKey: "k" });
}

it("keeps redacted_thinking as an empty thinking block carrying the data, and sends it back", async () => {
  const client = await serveRewritten((frame) => {
    if (frame.includes('"thinking_delta"') || frame.includes('"signature_delta"')) return undefined;
    return frame.replace(
      '"content_block":{"type":"thinking","thinking":"","signature":""}',
      '"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj"}',
    );
  });
  server?.enqueue({ kind: "reply", reasoning: "secret", text: "Answer." });
  const model = modelEntry("anthropic");
  const result = await collect(client.stream(request(model, [user("q")], { reasoningEffort: "low" })));
  const data =
    "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj";
  expect(result.message.content).toEqual([
    { type: "thinking", text: "", vendor: { protocol: "anthropic-messages", data: { redacted: data } } },
    { type: "text", text: "Answer." },
  ]);
  const next = buildAnthropicMessagesBody(request(model, [user("q"), result.message, user("more")]));
  expect(next.messages[1]?.content[0]).toEqual({ type: "redacted_thinking", data });
});

it("keeps a signature-only thinking block (display omitted) so the turn can continue", async () => {
  const client = await serveRewritten((frame) => (frame.includes('"thinking_delta"') ? undefined : frame));
  server?.enqueue({
    kind: "reply",
    reasoning: "hidden",
    toolCalls: [{ id: "toolu_01S", name: "read", arguments: { path: "a" } }],
  });
  const model = modelEntry("anthropic");
  const result = await collect(client.stream(request(model, [user("q")], { reasoningEffort: "low" })));
  const signature = fakeThinkingSignature("hidden");
  expect(result.message.content[0]).toEqual({
    type: "thinking",
    text: "",
    vendor: { protocol: "anthropic-messages", data: { signature } },
  });
  const next = buildAnthropicMessagesBody(
    request(
      model,
      [
        user("q"),
        result.message,
        {
          role: "tool_result",
          callId: "toolu_01S",
          toolName: "read",
          content: [{ type: "text", text: "x" }],
          isError: false,
        },
      ],
      { reasoningEffort: "low" },
    ),
  );
  expect(next.messages[1]?.content[0]).toEqual({ type: "thinking", thinking: "", signature });
  expect(next.thinking).toMatchObject({ type: "enabled" });
});

it("skips block types it does not model (server tools) without shifting later blocks", async () => {
  const client = await serveRewritten((frame) =>
    frame
      .replace(
        '"content_block":{"type":"thinking","thinking":"","signature":""}',
        '"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}',
      )
      .replace(
        /"delta":\{"type":"(thinking|signature)_delta","(thinking|signature)":"[^"]*"\}/,
        '"delta":{"type":"input_json_delta","partial_json":""}',
      ),
  );
  server?.enqueue({ kind: "reply", reasoning: "x", text: "After the search." });
  const result = await collect(client.stream(request(modelEntry("anthropic"), [user("q")])));
  expect(result.message.content).toEqual([{ type: "text", text: "After the search." }]);
  const first = result.events.find((e) => e.type === "text_delta");
  expect(first?.type === "text_delta" && first.index).toBe(0);
});

it("stop_reason refusal ends with a non-retryable error that keeps the partial text", async () => {
  const client = await serveRewritten((frame) =>
    frame.replace('"stop_reason":"end_turn"', '"stop_reason":"refusal"'),
  );
  server?.enqueue({ kind: "reply", text: "I can't help with" });
  const result = await collect(client.stream(request(modelEntry("anthropic"), [user("q")])));
  expect(result.error).toMatchObject({ kind: "bad_request", retryable: false });
  expect(result.error?.message).toContain("refusal");
  expect(result.message.content).toEqual([{ type: "text", text: "I can't help with" }]);
});

it("stop_reason model_context_window_exceeded is reported as length", async () => {
  const client = await serveRewritten((frame) =>
    frame.replace('"stop_reason":"end_turn"', '"stop_reason":"model_context_window_exceeded"'),
  );
  server?.enqueue({ kind: "reply", text: "long answer cut" });
  const result = await collect(client.stream(request(modelEntry("anthropic"), [user("q")])));
  expect(result.error).toBeUndefined();
  expect(result.message.stopReason).toBe("length");
});
