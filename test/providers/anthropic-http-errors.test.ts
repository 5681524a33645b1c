import { afterEach, beforeEach, expect, it } from "vitest";
import { createAnthropicMessagesClient } from "../../src/providers/anthropic-messages.ts";
import { withRetry } from "../../src/providers/retry.ts";
import type { ProviderClient } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, modelEntry, request, user } from "./anthropic-gemini-helpers.ts";

const key = "sk-ant-api03-secret-value-1234";
let server: FakeModelServer;
let client: ProviderClient;

beforeEach(async () => {
  server = await startFakeModel();
  client = createAnthropicMessagesClient({
    baseUrl: server.baseUrl("anthropic-messages"),
    apiKey: key,
    apiKeyEnv: "ANTHROPIC_API_KEY",
  });
});
afterEach(async () => {
  await server.close();
});

const ask = () => request(modelEntry("anthropic"), [user("hi")]);

it("401: an auth error that names ANTHROPIC_API_KEY and never contains the key", async () => {
  server.enqueue({ kind: "error", status: 401, errorType: "auth" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "auth", status: 401, retryable: false });
  expect(result.error?.message).toContain("ANTHROPIC_API_KEY");
  expect(result.error?.message).toContain("invalid x-api-key");
  expect(JSON.stringify(result)).not.toContain(key);
  expect(result.message.stopReason).toBe("error");
});

it("429: a retryable rate limit carrying retry-after, which the retry wrapper honours", async () => {
  server.enqueue({ kind: "error", status: 429, retryAfter: 2 });
  const direct = await collect(client.stream(ask()));
  expect(direct.error).toMatchObject({ kind: "rate_limit", status: 429, retryable: true, retryAfter: 2 });

  server.enqueue({ kind: "error", status: 429, retryAfter: 2 }, { kind: "reply", text: "after the wait" });
  const slept: number[] = [];
  const retrying = withRetry(client, { sleep: async (ms) => void slept.push(ms) });
  const result = await collect(retrying.stream(ask()));
  expect(slept).toEqual([2_000]);
  expect(result.text).toBe("after the wait");
  expect(result.events.map((e) => e.type)).toContain("retry");
});

it("529 overloaded_error: kind overloaded, retryable", async () => {
  server.enqueue({ kind: "error", status: 529, errorType: "overloaded" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "overloaded", status: 529, retryable: true });
  expect(result.error?.message).toContain("Overloaded");
});

it("500 api_error: kind server, retryable", async () => {
  server.enqueue({ kind: "error", status: 500, errorType: "server" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "server", status: 500, retryable: true });
});

it("400 prompt is too long: kind context_overflow, not retryable", async () => {
  server.enqueue({ kind: "error", status: 400, errorType: "context_overflow" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "context_overflow", status: 400, retryable: false });
});

it("a refused connection is a network error, not a throw", async () => {
  const url = server.url;
  await server.close();
  server = await startFakeModel();
  const dead = createAnthropicMessagesClient({ baseUrl: url, apiKey: key });
  const result = await collect(dead.stream(ask()));
  expect(result.error).toMatchObject({ kind: "network", retryable: true });
});
