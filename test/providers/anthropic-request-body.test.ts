import { afterEach, beforeEach, expect, it } from "vitest";
import {
  buildAnthropicMessagesBody,
  createAnthropicMessagesClient,
} from "../../src/providers/anthropic-messages.ts";
import type { AssistantMessage, Message, ProviderClient } from "../../src/providers/types.ts";
import { emptyUsage } from "../../src/providers/usage.ts";
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

const model = modelEntry("anthropic");
const calls: AssistantMessage = {
  role: "assistant",
  content: [
    { type: "text", text: "Let me look." },
    { type: "tool_call", id: "toolu_1", name: "read", arguments: { path: "a.ts" } },
    { type: "tool_call", id: "toolu_2", name: "shell", arguments: { command: "false" } },
  ],
  model: model.id,
  protocol: "anthropic-messages",
  usage: emptyUsage(),
  stopReason: "tool_use",
};
const history: Message[] = [
  user("inspect"),
  calls,
  {
    role: "tool_result",
    callId: "toolu_1",
    toolName: "read",
    content: [{ type: "text", text: "A" }],
    isError: false,
  },
  {
    role: "tool_result",
    callId: "toolu_2",
    toolName: "shell",
    content: [{ type: "text", text: "exit 1" }],
    isError: true,
  },
];

it("sends system blocks, tools, merged tool results and cache_control on the stable prefix", async () => {
  server.enqueue({ kind: "reply", text: "done" });
  await collect(client.stream(request(model, history)));
  const body = server.requests[0]?.body;
  expect(body?.system).toEqual([
    { type: "text", text: "You are a test assistant.", cache_control: { type: "ephemeral" } },
  ]);
  expect(body?.tools).toEqual([
    {
      name: "read",
      description: "Read a file.",
      input_schema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
    },
    {
      name: "shell",
      description: "Run a command.",
      input_schema: { type: "object", properties: { command: { type: "string" } }, required: ["command"] },
      cache_control: { type: "ephemeral" },
    },
  ]);
  expect(body?.messages).toEqual([
    { role: "user", content: [{ type: "text", text: "inspect" }] },
    {
      role: "assistant",
      content: [
        { type: "text", text: "Let me look." },
        { type: "tool_use", id: "toolu_1", name: "read", input: { path: "a.ts" } },
        { type: "tool_use", id: "toolu_2", name: "shell", input: { command: "false" } },
      ],
    },
    {
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "A" }] },
        {
          type: "tool_result",
          tool_use_id: "toolu_2",
          content: [{ type: "text", text: "exit 1" }],
          is_error: true,
          cache_control: { type: "ephemeral" },
        },
      ],
    },
  ]);
  expect(body?.thinking).toBeUndefined();
});

it("marks only the last user-side block when the user speaks after tool results", () => {
  const body = buildAnthropicMessagesBody(request(model, [...history, user("now summarize")]));
  const last = body.messages.at(-1);
  // Tool results and the user's next words share one user message; only its final block is a breakpoint.
  expect(last?.role).toBe("user");
  expect(last?.content.map((b) => b.type)).toEqual(["tool_result", "tool_result", "text"]);
  expect(last?.content.map((b) => "cache_control" in b && b.cache_control !== undefined)).toEqual([
    false,
    false,
    true,
  ]);
  const marks = JSON.stringify(body).match(/cache_control/g) ?? [];
  expect(marks).toHaveLength(3);
});

it("sends no cache_control when the model's quirks turn it off", () => {
  const noCache = modelEntry("anthropic", { quirks: { cacheControl: false } });
  const body = buildAnthropicMessagesBody(request(noCache, history));
  expect(JSON.stringify(body)).not.toContain("cache_control");
});

it("sends images as base64 sources, or a note when the model cannot see images", () => {
  const withImage: Message[] = [
    {
      role: "user",
      content: [
        { type: "text", text: "see" },
        { type: "image", mimeType: "image/png", data: "iVBORw0K" },
      ],
    },
  ];
  const seeing = buildAnthropicMessagesBody(request(model, withImage));
  expect(seeing.messages[0]?.content[1]).toEqual({
    type: "image",
    source: { type: "base64", media_type: "image/png", data: "iVBORw0K" },
    cache_control: { type: "ephemeral" },
  });
  const blind = modelEntry("anthropic", { capabilities: { ...model.capabilities, images: false } });
  const text = buildAnthropicMessagesBody(request(blind, withImage));
  expect(JSON.stringify(text)).not.toContain("iVBORw0K");
  expect(text.messages[0]?.content[1]).toMatchObject({ type: "text" });
});

it("omits empty system, empty tools, and empty assistant answers the API would reject", () => {
  const aborted: AssistantMessage = {
    ...calls,
    content: [{ type: "text", text: "  " }],
    stopReason: "aborted",
  };
  const body = buildAnthropicMessagesBody({
    ...request(model, [user("a"), aborted, user("b")]),
    system: "",
    tools: [],
  });
  expect(body.system).toBeUndefined();
  expect(body.tools).toBeUndefined();
  expect(body.messages).toEqual([
    {
      role: "user",
      content: [
        { type: "text", text: "a" },
        { type: "text", text: "b", cache_control: { type: "ephemeral" } },
      ],
    },
  ]);
});

it("replaces image types the API does not accept with a note", () => {
  const bmp: Message[] = [{ role: "user", content: [{ type: "image", mimeType: "image/bmp", data: "Qk0" }] }];
  const body = buildAnthropicMessagesBody(request(model, bmp));
  expect(JSON.stringify(body)).not.toContain("Qk0");
  expect(body.messages[0]?.content[0]).toMatchObject({
    type: "text",
    text: expect.stringContaining("image/bmp"),
  });
});
