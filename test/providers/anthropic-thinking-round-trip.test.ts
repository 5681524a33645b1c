import { afterEach, beforeEach, expect, it } from "vitest";
import {
  anthropicThinkingBudgets,
  buildAnthropicMessagesBody,
  createAnthropicMessagesClient,
} from "../../src/providers/anthropic-messages.ts";
import type { Message, ProviderClient } from "../../src/providers/types.ts";
import { fakeThinkingSignature } from "../support/fake-model/handlers/anthropic-messages.ts";
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

it("keeps the thinking signature in vendor data and sends it back on the next request", async () => {
  const model = modelEntry("anthropic");
  server.enqueue(
    {
      kind: "reply",
      reasoning: "The user wants a.ts; read it.",
      toolCalls: [{ id: "toolu_01R", name: "read", arguments: { path: "a.ts" } }],
    },
    { kind: "reply", text: "It exports one function." },
  );
  const first = await collect(
    client.stream(request(model, [user("what is in a.ts?")], { reasoningEffort: "medium" })),
  );
  const signature = fakeThinkingSignature("The user wants a.ts; read it.");
  expect(first.message.content[0]).toEqual({
    type: "thinking",
    text: "The user wants a.ts; read it.",
    vendor: { protocol: "anthropic-messages", data: { signature } },
  });
  const thinkingDeltas = first.events.filter((e) => e.type === "thinking_delta");
  expect(thinkingDeltas.length).toBeGreaterThan(1);
  expect(server.requests[0]?.body.thinking).toEqual({
    type: "enabled",
    budget_tokens: anthropicThinkingBudgets.medium,
  });

  const history: Message[] = [
    user("what is in a.ts?"),
    first.message,
    {
      role: "tool_result",
      callId: "toolu_01R",
      toolName: "read",
      content: [{ type: "text", text: "export f" }],
      isError: false,
    },
  ];
  const second = await collect(client.stream(request(model, history, { reasoningEffort: "medium" })));
  expect(second.text).toBe("It exports one function.");
  const sent = server.requests[1]?.body.messages as { role: string; content: Record<string, unknown>[] }[];
  expect(sent[1]).toEqual({
    role: "assistant",
    content: [
      { type: "thinking", thinking: "The user wants a.ts; read it.", signature },
      { type: "tool_use", id: "toolu_01R", name: "read", input: { path: "a.ts" } },
    ],
  });
  // Thinking stays on while continuing our own signed tool turn.
  expect(server.requests[1]?.body.thinking).toMatchObject({ type: "enabled" });
});

it("sends redacted thinking back as redacted_thinking and drops unsigned thinking", () => {
  const model = modelEntry("anthropic");
  const body = buildAnthropicMessagesBody(
    request(model, [
      user("q"),
      {
        role: "assistant",
        content: [
          {
            type: "thinking",
            text: "",
            vendor: { protocol: "anthropic-messages", data: { redacted: "EncRedacted==" } },
          },
          // Cut off by an interrupt before its signature arrived: the API would reject it.
          { type: "thinking", text: "half a thou", vendor: { protocol: "anthropic-messages", data: {} } },
          { type: "text", text: "Answer." },
        ],
        model: model.id,
        protocol: "anthropic-messages",
        usage: { input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
        stopReason: "stop",
      },
      user("next"),
    ]),
  );
  expect(body.messages[1]).toEqual({
    role: "assistant",
    content: [
      { type: "redacted_thinking", data: "EncRedacted==" },
      { type: "text", text: "Answer." },
    ],
  });
});

it("enables thinking only for reasoning models given an effort, within max_tokens", () => {
  const reasoning = modelEntry("anthropic");
  const plain = modelEntry("anthropic", { capabilities: { ...reasoning.capabilities, reasoning: false } });
  expect(buildAnthropicMessagesBody(request(reasoning, [user("q")])).thinking).toBeUndefined();
  expect(
    buildAnthropicMessagesBody(request(plain, [user("q")], { reasoningEffort: "high" })).thinking,
  ).toBeUndefined();
  expect(
    buildAnthropicMessagesBody(request(reasoning, [user("q")], { reasoningEffort: "low" })).thinking,
  ).toEqual({
    type: "enabled",
    budget_tokens: anthropicThinkingBudgets.low,
  });
  // The budget must stay below max_tokens, and at least 1,024, or thinking is left off.
  const capped = buildAnthropicMessagesBody(
    request(reasoning, [user("q")], { reasoningEffort: "high", maxOutputTokens: 8_000 }),
  );
  expect(capped.thinking).toEqual({ type: "enabled", budget_tokens: 8_000 - 1_024 });
  const tiny = buildAnthropicMessagesBody(
    request(reasoning, [user("q")], { reasoningEffort: "high", maxOutputTokens: 1_500 }),
  );
  expect(tiny.thinking).toBeUndefined();
});
