/**
 * A mid-session switch: history an openai-responses model produced (encrypted reasoning, a tool call with an
 * OpenAI-style id) must become a valid Gemini request.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { createGoogleGeminiClient } from "../../src/providers/google-gemini.ts";
import { placeholderThoughtSignature } from "../../src/providers/google-gemini-body.ts";
import type { AssistantMessage, Message, ProviderClient } from "../../src/providers/types.ts";
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

const fromOpenAI: AssistantMessage = {
  role: "assistant",
  content: [
    {
      type: "thinking",
      text: "I should list the files.",
      vendor: { protocol: "openai-responses", data: { id: "rs_1", encrypted_content: "gAAAAencrypted" } },
    },
    { type: "text", text: "Listing." },
    { type: "tool_call", id: "call_9x|fc_68a", name: "shell", arguments: { command: "ls" } },
    { type: "tool_call", id: "call_9y|fc_68b", name: "read", arguments: { path: "a.ts" } },
  ],
  model: "openai/gpt-5",
  protocol: "openai-responses",
  usage: { input: 10, cached_input: 0, cache_write: 0, output: 10, reasoning: 5 },
  stopReason: "tool_use",
};

const history: Message[] = [
  user("list files"),
  fromOpenAI,
  {
    role: "tool_result",
    callId: "call_9x|fc_68a",
    toolName: "shell",
    content: [{ type: "text", text: "a.ts" }],
    isError: false,
  },
  {
    role: "tool_result",
    callId: "call_9y|fc_68b",
    toolName: "read",
    content: [{ type: "text", text: "x" }],
    isError: false,
  },
];

it("drops foreign thinking, pairs responses by name, and signs the first foreign call with the placeholder", async () => {
  server.enqueue({ kind: "reply", text: "There is a.ts." });
  const result = await collect(
    client.stream(request(modelEntry("google"), history, { reasoningEffort: "low" })),
  );
  expect(result.text).toBe("There is a.ts.");
  const body = server.requests[0]?.body as { contents: { role: string; parts: Record<string, unknown>[] }[] };
  const json = JSON.stringify(body);
  expect(json).not.toContain("gAAAAencrypted");
  expect(json).not.toContain("I should list the files.");
  // Gemini has no use for foreign ids; they must not leak into the request.
  expect(json).not.toContain("call_9x");
  expect(body.contents[1]).toEqual({
    role: "model",
    parts: [
      { text: "Listing." },
      {
        functionCall: { name: "shell", args: { command: "ls" } },
        thoughtSignature: placeholderThoughtSignature,
      },
      { functionCall: { name: "read", args: { path: "a.ts" } } },
    ],
  });
  expect(body.contents[2]?.parts).toEqual([
    { functionResponse: { name: "shell", response: { output: "a.ts" } } },
    { functionResponse: { name: "read", response: { output: "x" } } },
  ]);
});

it("sends no placeholder signature to a model that does not think", async () => {
  server.enqueue({ kind: "reply", text: "ok" });
  const plain = modelEntry("google");
  plain.capabilities = { ...plain.capabilities, reasoning: false };
  await collect(client.stream(request(plain, history)));
  expect(JSON.stringify(server.requests[0]?.body)).not.toContain("thoughtSignature");
});
