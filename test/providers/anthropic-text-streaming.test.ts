import { afterEach, beforeEach, expect, it } from "vitest";
import { createAnthropicMessagesClient } from "../../src/providers/anthropic-messages.ts";
import type { ProviderClient } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, modelEntry, request, user } from "./anthropic-gemini-helpers.ts";

let server: FakeModelServer;
let client: ProviderClient;

beforeEach(async () => {
  server = await startFakeModel();
  client = createAnthropicMessagesClient({
    baseUrl: server.baseUrl("anthropic-messages"),
    apiKey: "sk-ant-test-key",
    apiKeyEnv: "ANTHROPIC_API_KEY",
  });
});
afterEach(async () => {
  await server.close();
});

it("streams text deltas in order and ends with done holding the whole text", async () => {
  server.enqueue({ kind: "reply", chunks: ["Hel", "lo, ", "wor", "ld!"] });
  const result = await collect(client.stream(request(modelEntry("anthropic"), [user("hi")])));
  const deltas = result.events.filter((e) => e.type === "text_delta");
  expect(deltas.map((e) => (e.type === "text_delta" ? e.delta : ""))).toEqual(["Hel", "lo, ", "wor", "ld!"]);
  expect(deltas.every((e) => e.type === "text_delta" && e.index === 0)).toBe(true);
  expect(result.error).toBeUndefined();
  expect(result.message).toMatchObject({
    role: "assistant",
    content: [{ type: "text", text: "Hello, world!" }],
    model: "anthropic/claude-fake",
    protocol: "anthropic-messages",
    stopReason: "stop",
  });
});

it("posts to /v1/messages with x-api-key, anthropic-version and stream: true", async () => {
  server.enqueue({ kind: "reply", text: "ok" });
  await collect(client.stream(request(modelEntry("anthropic"), [user("hi")])));
  const recorded = server.requests[0];
  expect(recorded?.url).toBe("/v1/messages");
  expect(recorded?.headers["x-api-key"]).toBe("sk-ant-test-key");
  expect(recorded?.headers["anthropic-version"]).toBe("2023-06-01");
  expect(recorded?.headers.authorization).toBeUndefined();
  expect(recorded?.body).toMatchObject({ model: "claude-fake", stream: true, max_tokens: 32_000 });
});

it("reports the max-tokens stop as length, keeping the text", async () => {
  server.enqueue({ kind: "reply", text: "truncated answ", stopReason: "length" });
  const result = await collect(
    client.stream(request(modelEntry("anthropic"), [user("hi")], { maxOutputTokens: 5 })),
  );
  expect(result.message.stopReason).toBe("length");
  expect(result.text).toBe("truncated answ");
  expect(server.requests[0]?.body.max_tokens).toBe(5);
});
