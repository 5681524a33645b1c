import { afterEach, beforeEach, expect, it } from "vitest";
import { createAnthropicMessagesClient } from "../../src/providers/anthropic-messages.ts";
import { withRetry } from "../../src/providers/retry.ts";
import type { ProviderClient } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, modelEntry, request, user } from "./anthropic-gemini-helpers.ts";

let server: FakeModelServer;
let client: ProviderClient;

beforeEach(async () => {
  server = await startFakeModel();
  client = createAnthropicMessagesClient({ baseUrl: server.baseUrl("anthropic-messages"), apiKey: "k" });
});
afterEach(async () => {
  await server.close();
});

const ask = (signal?: AbortSignal) =>
  request(modelEntry("anthropic"), [user("hi")], signal ? { signal } : {});

it("a connection dropped after some text ends with an error that keeps the partial text", async () => {
  // message_start, ping, content_block_start, then 3 text deltas, then the socket dies.
  server.enqueue({ kind: "reply", chunks: ["one ", "two ", "three ", "four"], dropAfterEvents: 6 });
  const result = await collect(withRetry(client, { sleep: async () => {} }).stream(ask()));
  expect(result.error?.kind).toBe("network");
  expect(result.message.stopReason).toBe("error");
  expect(result.message.content).toEqual([{ type: "text", text: "one two three " }]);
  expect(result.message.errorMessage).toBe(result.error?.message);
  // Output had been shown, so the wrapper did not replay the request.
  expect(server.requests).toHaveLength(1);
});

it("an in-stream overloaded_error after output ends the stream as overloaded with the partial answer", async () => {
  server.enqueue({ kind: "reply", text: "partial", streamError: "overloaded" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "overloaded", retryable: true });
  expect(result.message.content).toEqual([{ type: "text", text: "partial" }]);
});

it("an in-stream overloaded_error before any output is retried by the wrapper", async () => {
  server.enqueue({ kind: "reply", streamError: "overloaded" }, { kind: "reply", text: "second try" });
  const result = await collect(withRetry(client, { sleep: async () => {} }).stream(ask()));
  expect(result.text).toBe("second try");
  expect(server.requests).toHaveLength(2);
});

it("a dropped tool call is not kept half-done", async () => {
  server.enqueue({
    kind: "reply",
    text: "ok",
    toolCalls: [{ id: "toolu_01X", name: "shell", arguments: { command: "echo a long command line here" } }],
    // ..., text block stop, tool start, empty json delta, one json piece, then drop.
    dropAfterEvents: 9,
  });
  const result = await collect(client.stream(ask()));
  expect(result.error?.kind).toBe("network");
  expect(result.message.content).toEqual([{ type: "text", text: "ok" }]);
});

it("aborting mid-stream ends with an aborted error and the text so far", async () => {
  server.enqueue({ kind: "reply", chunks: ["a", "b", "c", "d", "e", "f", "g", "h"], delayMs: 40 });
  const controller = new AbortController();
  const events = [];
  let text = "";
  for await (const event of client.stream(ask(controller.signal))) {
    events.push(event);
    if (event.type === "text_delta") {
      text += event.delta;
      if (text.length === 2) controller.abort();
    }
  }
  const last = events.at(-1);
  expect(last?.type).toBe("error");
  if (last?.type !== "error") return;
  expect(last.error.kind).toBe("aborted");
  expect(last.message.stopReason).toBe("aborted");
  expect(last.message.content).toEqual([{ type: "text", text: "ab" }]);
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
