import { afterEach, beforeEach, expect, it } from "vitest";
import { createAnthropicMessagesClient } from "../../src/providers/anthropic-messages.ts";
import type { ProviderClient } from "../../src/providers/types.ts";
import { costOf } from "../../src/providers/usage.ts";
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

it("normalizes usage: input uncached, cache reads and writes separate, output with thinking tokens", async () => {
  server.enqueue({
    kind: "reply",
    reasoning: "hmm",
    text: "answer",
    usage: { input: 37, cached_input: 12_000, cache_write: 1_500, output: 250, reasoning: 90 },
  });
  const result = await collect(client.stream(request(modelEntry("anthropic"), [user("hi")])));
  expect(result.message.usage).toEqual({
    input: 37,
    cached_input: 12_000,
    cache_write: 1_500,
    output: 250,
    reasoning: 90,
  });
  // Prices apply per kind: cache writes at the write price, reads at the read price.
  const cost = costOf(result.message.usage, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
  expect(cost.cached_input).toBeCloseTo(0.0036, 10);
  expect(cost.cache_write).toBeCloseTo(0.005625, 10);
});

it("keeps the input usage from message_start when the stream fails later", async () => {
  server.enqueue({
    kind: "reply",
    text: "partial answer",
    streamError: "server",
    usage: { input: 80, cached_input: 2_000, cache_write: 0 },
  });
  const result = await collect(client.stream(request(modelEntry("anthropic"), [user("hi")])));
  expect(result.error?.kind).toBe("server");
  expect(result.message.usage).toMatchObject({ input: 80, cached_input: 2_000, cache_write: 0 });
});
