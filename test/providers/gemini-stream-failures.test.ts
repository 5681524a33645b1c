import { afterEach, beforeEach, expect, it } from "vitest";
import { createGoogleGeminiClient } from "../../src/providers/google-gemini.ts";
import { withRetry } from "../../src/providers/retry.ts";
import type { ProviderClient, StreamEvent } from "../../src/providers/types.ts";
import type { RecordedRequest, RenderedResponse } from "../support/fake-model/handler.ts";
import { googleGeminiHandler } from "../support/fake-model/handlers/google-gemini.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import type { ReplyStep } from "../support/fake-model/script.ts";
import { collect, modelEntry, request, user } from "./anthropic-gemini-helpers.ts";

let server: FakeModelServer;
let client: ProviderClient;

beforeEach(async () => {
  server = await startFakeModel();
  client = createGoogleGeminiClient({ baseUrl: server.baseUrl("google-gemini"), apiKey: "k" });
});
afterEach(async () => {
  await server.close();
});

const ask = (signal?: AbortSignal) => request(modelEntry("google"), [user("hi")], signal ? { signal } : {});

it("a connection dropped after some text ends with a network error keeping the partial text", async () => {
  server.enqueue({ kind: "reply", chunks: ["one ", "two ", "three ", "four"], dropAfterEvents: 2 });
  const result = await collect(withRetry(client, { sleep: async () => {} }).stream(ask()));
  expect(result.error).toMatchObject({ kind: "network", retryable: true });
  expect(result.message.stopReason).toBe("error");
  expect(result.message.content).toEqual([{ type: "text", text: "one two " }]);
  expect(server.requests).toHaveLength(1);
});

it("an in-stream UNAVAILABLE error chunk ends the stream as overloaded with the partial answer", async () => {
  server.enqueue({ kind: "reply", text: "partial", streamError: "overloaded" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "overloaded", retryable: true });
  expect(result.message.content).toEqual([{ type: "text", text: "partial" }]);
});

it("aborting mid-stream ends with an aborted error and the text so far", async () => {
  server.enqueue({ kind: "reply", chunks: ["a", "b", "c", "d", "e", "f"], delayMs: 40 });
  const controller = new AbortController();
  const events: StreamEvent[] = [];
  for await (const event of client.stream(ask(controller.signal))) {
    events.push(event);
    if (event.type === "text_delta" && event.delta === "b") controller.abort();
  }
  const last = events.at(-1);
  if (last?.type !== "error") throw new Error(`expected an error, got ${last?.type}`);
  expect(last.error.kind).toBe("aborted");
  expect(last.message.stopReason).toBe("aborted");
  expect(last.message.content).toEqual([{ type: "text", text: "ab" }]);
});

it("finishReason SAFETY ends with a non-retryable error that keeps the partial answer", async () => {
  // The script has no safety stop; rewrite the fake's real rendering of the final chunk.
  const safety = {
    ...googleGeminiHandler,
    renderReply(step: ReplyStep, recorded: RecordedRequest): RenderedResponse {
      const rendered = googleGeminiHandler.renderReply(step, recorded);
      const events = rendered.events.map((e) =>
        e.replace('"finishReason":"STOP"', '"finishReason":"SAFETY"'),
      );
      return { ...rendered, events };
    },
  };
  const safetyServer = await startFakeModel({ handlers: [safety] });
  try {
    safetyServer.enqueue({ kind: "reply", text: "Here is how to" });
    const safetyClient = createGoogleGeminiClient({
      baseUrl: safetyServer.baseUrl("google-gemini"),
      apiKey: "k",
    });
    const result = await collect(safetyClient.stream(ask()));
    expect(result.error).toMatchObject({ kind: "bad_request", retryable: false });
    expect(result.error?.message).toContain("SAFETY");
    expect(result.message.content).toEqual([{ type: "text", text: "Here is how to" }]);
  } finally {
    await safetyServer.close();
  }
});

it("aborting before the server answers at all ends with an aborted error and an empty message", async () => {
  server.enqueue({ kind: "hang" });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const result = await collect(client.stream(ask(controller.signal)));
  expect(result.error?.kind).toBe("aborted");
  expect(result.message.stopReason).toBe("aborted");
  expect(result.message.content).toEqual([]);
});

it("a prompt blocked by promptFeedback (no candidates) ends with a non-retryable error", async () => {
  const blocked = {
    ...googleGeminiHandler,
    renderReply(): RenderedResponse {
      const chunk = {
        promptFeedback: { blockReason: "PROHIBITED_CONTENT" },
        usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 },
        modelVersion: "gemini-fake",
      };
      return {
        status: 200,
        headers: { "content-type": "text/event-stream" },
        events: [`data: ${JSON.stringify(chunk)}\n\n`],
      };
    },
  };
  const blockedServer = await startFakeModel({ handlers: [blocked] });
  try {
    blockedServer.enqueue({ kind: "reply", text: "unused" });
    const blockedClient = createGoogleGeminiClient({
      baseUrl: blockedServer.baseUrl("google-gemini"),
      apiKey: "k",
    });
    const result = await collect(blockedClient.stream(ask()));
    expect(result.error).toMatchObject({ kind: "bad_request", retryable: false });
    expect(result.error?.message).toContain("PROHIBITED_CONTENT");
    expect(result.message.usage.input).toBe(12);
  } finally {
    await blockedServer.close();
  }
});

it("an in-stream INTERNAL error chunk is a retryable server error", async () => {
  server.enqueue({ kind: "reply", text: "half", streamError: "server" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "server", retryable: true });
  expect(result.text).toBe("half");
});
