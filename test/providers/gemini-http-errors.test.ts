import { afterEach, beforeEach, expect, it } from "vitest";
import { createGoogleGeminiClient } from "../../src/providers/google-gemini.ts";
import { withRetry } from "../../src/providers/retry.ts";
import type { ProviderClient } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, modelEntry, request, user } from "./anthropic-gemini-helpers.ts";

const key = "AIzaSyFAKE-secret-key-0123456789";
let server: FakeModelServer;
let client: ProviderClient;

beforeEach(async () => {
  server = await startFakeModel();
  client = createGoogleGeminiClient({
    baseUrl: server.baseUrl("google-gemini"),
    apiKey: key,
    apiKeyEnv: "GEMINI_API_KEY",
  });
});
afterEach(async () => {
  await server.close();
});

const ask = () => request(modelEntry("google"), [user("hi")]);

it("401 UNAUTHENTICATED: an auth error naming GEMINI_API_KEY, without the key", async () => {
  server.enqueue({ kind: "error", status: 401, errorType: "auth" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "auth", status: 401, retryable: false });
  expect(result.error?.message).toContain("GEMINI_API_KEY");
  expect(JSON.stringify(result)).not.toContain(key);
});

it("400 API_KEY_INVALID (Gemini's real answer to a bad key) is an auth error too", async () => {
  server.enqueue({ kind: "error", status: 400, errorType: "auth" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "auth", status: 400, retryable: false });
  expect(result.error?.message).toContain("GEMINI_API_KEY");
  expect(result.error?.message).toContain("API key not valid");
});

it("429 RESOURCE_EXHAUSTED: retryAfter from the RetryInfo detail, honoured by the retry wrapper", async () => {
  server.enqueue({ kind: "error", status: 429, retryAfter: 3 });
  const direct = await collect(client.stream(ask()));
  expect(direct.error).toMatchObject({ kind: "rate_limit", status: 429, retryable: true, retryAfter: 3 });

  server.enqueue({ kind: "error", status: 429, retryAfter: 3 }, { kind: "reply", text: "later" });
  const slept: number[] = [];
  const result = await collect(withRetry(client, { sleep: async (ms) => void slept.push(ms) }).stream(ask()));
  expect(slept).toEqual([3_000]);
  expect(result.text).toBe("later");
});

it("503 UNAVAILABLE 'model is overloaded': kind overloaded, retryable", async () => {
  server.enqueue({ kind: "error", status: 503, errorType: "overloaded" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "overloaded", status: 503, retryable: true });
});

it("500 INTERNAL: kind server, retryable", async () => {
  server.enqueue({ kind: "error", status: 500, errorType: "server" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "server", status: 500, retryable: true });
});

it("400 input token count exceeds: kind context_overflow", async () => {
  server.enqueue({ kind: "error", status: 400, errorType: "context_overflow" });
  const result = await collect(client.stream(ask()));
  expect(result.error).toMatchObject({ kind: "context_overflow", retryable: false });
});
