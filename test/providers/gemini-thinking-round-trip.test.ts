import { afterEach, beforeEach, expect, it } from "vitest";
import {
  buildGeminiBody,
  createGoogleGeminiClient,
  geminiThinkingBudgets,
} from "../../src/providers/google-gemini.ts";
import type { Message, ProviderClient } from "../../src/providers/types.ts";
import { fakeThoughtSignature } from "../support/fake-model/handlers/google-gemini.ts";
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

type Contents = { role: string; parts: Record<string, unknown>[] }[];

it("keeps thoughts as thinking and the signature on the function call, and sends both back", async () => {
  const model = modelEntry("google");
  server.enqueue(
    {
      kind: "reply",
      reasoning: "Need the file first.",
      toolCalls: [
        { name: "read", arguments: { path: "a.ts" } },
        { name: "read", arguments: { path: "b.ts" } },
      ],
    },
    { kind: "reply", text: "Both read." },
  );
  const first = await collect(
    client.stream(request(model, [user("read a and b")], { reasoningEffort: "high" })),
  );
  const signature = fakeThoughtSignature("Need the file first.");
  expect(first.message.content[0]).toEqual({
    type: "thinking",
    text: "Need the file first.",
    vendor: { protocol: "google-gemini", data: {} },
  });
  expect(first.events.filter((e) => e.type === "thinking_delta").length).toBeGreaterThan(1);
  const [call1, call2] = first.message.content.slice(1);
  expect(call1).toMatchObject({
    type: "tool_call",
    vendor: { protocol: "google-gemini", data: { thoughtSignature: signature } },
  });
  expect(call2).toMatchObject({ type: "tool_call" });
  expect(call2?.vendor).toBeUndefined();
  expect(server.requests[0]?.body.generationConfig).toEqual({
    maxOutputTokens: 32_000,
    thinkingConfig: { includeThoughts: true, thinkingBudget: geminiThinkingBudgets.high },
  });

  if (call1?.type !== "tool_call" || call2?.type !== "tool_call") throw new Error("expected two calls");
  const history: Message[] = [
    user("read a and b"),
    first.message,
    {
      role: "tool_result",
      callId: call1.id,
      toolName: "read",
      content: [{ type: "text", text: "A" }],
      isError: false,
    },
    {
      role: "tool_result",
      callId: call2.id,
      toolName: "read",
      content: [{ type: "text", text: "B" }],
      isError: true,
    },
  ];
  const second = await collect(client.stream(request(model, history, { reasoningEffort: "high" })));
  expect(second.text).toBe("Both read.");
  const contents = server.requests[1]?.body.contents as Contents;
  expect(contents[1]).toEqual({
    role: "model",
    parts: [
      { text: "Need the file first.", thought: true },
      { functionCall: { name: "read", args: { path: "a.ts" } }, thoughtSignature: signature },
      { functionCall: { name: "read", args: { path: "b.ts" } } },
    ],
  });
  // Both results in one user turn, the failed one as an error response.
  expect(contents[2]).toEqual({
    role: "user",
    parts: [
      { functionResponse: { name: "read", response: { output: "A" } } },
      { functionResponse: { name: "read", response: { error: "B" } } },
    ],
  });
});

it("keeps a signature that arrives on a text part and sends it back on that text", async () => {
  const model = modelEntry("google");
  server.enqueue({ kind: "reply", reasoning: "Simple.", text: "Forty-two." }, { kind: "reply", text: "ok" });
  const first = await collect(client.stream(request(model, [user("q")])));
  const signature = fakeThoughtSignature("Simple.");
  expect(first.message.content[1]).toEqual({
    type: "text",
    text: "Forty-two.",
    vendor: { protocol: "google-gemini", data: { thoughtSignature: signature } },
  });
  await collect(client.stream(request(model, [user("q"), first.message, user("next")])));
  const contents = server.requests[1]?.body.contents as Contents;
  expect(contents[1]?.parts.at(-1)).toEqual({ text: "Forty-two.", thoughtSignature: signature });
});

it("keeps a signature sent on an empty final part (no visible text) for the next request", async () => {
  const model = modelEntry("google");
  server.enqueue({ kind: "reply", reasoning: "Only thoughts." }, { kind: "reply", text: "ok" });
  const first = await collect(client.stream(request(model, [user("q")])));
  const signature = fakeThoughtSignature("Only thoughts.");
  expect(first.events.some((e) => e.type === "text_delta")).toBe(false);
  await collect(client.stream(request(model, [user("q"), first.message, user("next")])));
  const contents = server.requests[1]?.body.contents as Contents;
  expect(contents[1]?.parts).toEqual([
    { text: "Only thoughts.", thought: true },
    { text: "", thoughtSignature: signature },
  ]);
});

it("asks for thoughts only from reasoning models, with a budget only when an effort is given", () => {
  const thinking = modelEntry("google");
  const plain = modelEntry("google", { capabilities: { ...thinking.capabilities, reasoning: false } });
  expect(buildGeminiBody(request(plain, [user("q")], { reasoningEffort: "high" })).generationConfig).toEqual({
    maxOutputTokens: 32_000,
  });
  expect(buildGeminiBody(request(thinking, [user("q")])).generationConfig.thinkingConfig).toEqual({
    includeThoughts: true,
  });
  expect(
    buildGeminiBody(request(thinking, [user("q")], { reasoningEffort: "minimal" })).generationConfig
      .thinkingConfig,
  ).toEqual({
    includeThoughts: true,
    thinkingBudget: geminiThinkingBudgets.minimal,
  });
});
