import { afterEach, beforeEach, expect, it } from "vitest";
import { createGoogleGeminiClient } from "../../src/providers/google-gemini.ts";
import type { ProviderClient } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
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

it("normalizes usageMetadata: cached tokens out of input, thoughts counted in output and as reasoning", async () => {
  server.enqueue({
    kind: "reply",
    reasoning: "thinking",
    text: "answer",
    usage: { input: 120, cached_input: 8_000, output: 300, reasoning: 200 },
  });
  const result = await collect(client.stream(request(modelEntry("google"), [user("hi")])));
  // The wire said promptTokenCount 8120 (cached included), candidates 100, thoughts 200.
  expect(result.message.usage).toEqual({
    input: 120,
    cached_input: 8_000,
    cache_write: 0,
    output: 300,
    reasoning: 200,
  });
});

it("uses the last usageMetadata of the stream, not an early partial one", async () => {
  server.enqueue({ kind: "reply", chunks: ["a", "b", "c"], usage: { input: 10, output: 3 } });
  const result = await collect(client.stream(request(modelEntry("google"), [user("hi")])));
  expect(result.message.usage).toEqual({
    input: 10,
    cached_input: 0,
    cache_write: 0,
    output: 3,
    reasoning: 0,
  });
});
