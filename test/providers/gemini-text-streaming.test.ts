import { afterEach, beforeEach, expect, it } from "vitest";
import { createGoogleGeminiClient } from "../../src/providers/google-gemini.ts";
import type { ProviderClient } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, modelEntry, request, user } from "./anthropic-gemini-helpers.ts";

let server: FakeModelServer;
let client: ProviderClient;

beforeEach(async () => {
  server = await startFakeModel();
  client = createGoogleGeminiClient({
    baseUrl: server.baseUrl("google-gemini"),
    apiKey: "AIza-test-key",
    apiKeyEnv: "GEMINI_API_KEY",
  });
});
afterEach(async () => {
  await server.close();
});

it("streams text parts as deltas of one block and ends with done", async () => {
  server.enqueue({ kind: "reply", chunks: ["Hel", "lo ", "Gem", "ini"] });
  const result = await collect(client.stream(request(modelEntry("google"), [user("hi")])));
  const deltas = result.events.filter((e) => e.type === "text_delta");
  expect(deltas.map((e) => (e.type === "text_delta" ? e.delta : ""))).toEqual(["Hel", "lo ", "Gem", "ini"]);
  expect(result.error).toBeUndefined();
  expect(result.message).toMatchObject({
    content: [{ type: "text", text: "Hello Gemini" }],
    model: "google/gemini-fake",
    protocol: "google-gemini",
    stopReason: "stop",
  });
});

it("posts to :streamGenerateContent?alt=sse with the key in x-goog-api-key, never in the URL", async () => {
  server.enqueue({ kind: "reply", text: "ok" });
  await collect(client.stream(request(modelEntry("google"), [user("hi")], { maxOutputTokens: 1234 })));
  const recorded = server.requests[0];
  expect(recorded?.url).toBe("/v1beta/models/gemini-fake:streamGenerateContent?alt=sse");
  expect(recorded?.headers["x-goog-api-key"]).toBe("AIza-test-key");
  expect(recorded?.url).not.toContain("AIza");
  expect(recorded?.body).toMatchObject({
    systemInstruction: { parts: [{ text: "You are a test assistant." }] },
    contents: [{ role: "user", parts: [{ text: "hi" }] }],
    generationConfig: { maxOutputTokens: 1234 },
  });
});

it("reports MAX_TOKENS as length, keeping the text", async () => {
  server.enqueue({ kind: "reply", text: "cut sho", stopReason: "length" });
  const result = await collect(client.stream(request(modelEntry("google"), [user("hi")])));
  expect(result.message.stopReason).toBe("length");
  expect(result.text).toBe("cut sho");
});
