/**
 * A mid-session switch: history an openai-responses model produced (encrypted reasoning, a tool call with an
 * OpenAI-style id) must become a valid Anthropic request.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  buildAnthropicMessagesBody,
  createAnthropicMessagesClient,
} from "../../src/providers/anthropic-messages.ts";
import type { AssistantMessage, Message, ProviderClient } from "../../src/providers/types.ts";
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

const fromOpenAI: AssistantMessage = {
  role: "assistant",
  content: [
    {
      type: "thinking",
      text: "I should list the files.",
      vendor: { protocol: "openai-responses", data: { id: "rs_123", encrypted_content: "gAAAAencrypted" } },
    },
    { type: "text", text: "Listing." },
    { type: "tool_call", id: "call_9x|fc_68a.1", name: "shell", arguments: { command: "ls" } },
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
    callId: "call_9x|fc_68a.1",
    toolName: "shell",
    content: [{ type: "text", text: "a.ts" }],
    isError: false,
  },
];

it("drops foreign thinking, normalizes the call id the same way for tool_use and tool_result", async () => {
  server.enqueue({ kind: "reply", text: "There is a.ts." });
  const model = modelEntry("anthropic");
  const result = await collect(client.stream(request(model, history, { reasoningEffort: "high" })));
  expect(result.text).toBe("There is a.ts.");
  const body = server.requests[0]?.body as unknown as ReturnType<typeof buildAnthropicMessagesBody>;
  const json = JSON.stringify(body);
  expect(json).not.toContain("gAAAAencrypted");
  expect(json).not.toContain("I should list the files.");
  const assistant = body.messages[1];
  expect(assistant?.content.map((b) => b.type)).toEqual(["text", "tool_use"]);
  const toolUse = assistant?.content[1];
  const toolResult = body.messages[2]?.content[0];
  if (toolUse?.type !== "tool_use" || toolResult?.type !== "tool_result")
    throw new Error("unexpected blocks");
  expect(toolUse.id).toMatch(/^[a-zA-Z0-9_-]+$/);
  expect(toolResult.tool_use_id).toBe(toolUse.id);
  // Continuing a tool turn that has no signed thinking: the API would reject thinking here.
  expect(body.thinking).toBeUndefined();
});

it("turns thinking back on once the user starts a new turn", () => {
  const model = modelEntry("anthropic");
  const body = buildAnthropicMessagesBody(
    request(model, [...history, user("and now?")], { reasoningEffort: "high" }),
  );
  expect(body.thinking).toMatchObject({ type: "enabled" });
});
