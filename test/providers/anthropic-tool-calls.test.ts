import { afterEach, beforeEach, expect, it } from "vitest";
import { createAnthropicMessagesClient } from "../../src/providers/anthropic-messages.ts";
import type { ProviderClient, ToolCallBlock } from "../../src/providers/types.ts";
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

it("streams parallel tool_use blocks as separate tool calls with parsed arguments", async () => {
  server.enqueue({
    kind: "reply",
    text: "Reading both files.",
    toolCalls: [
      { id: "toolu_01AAA", name: "read", arguments: { path: "src/a.ts" } },
      { id: "toolu_01BBB", name: "shell", arguments: { command: 'ls -la && echo "done"' } },
    ],
  });
  const result = await collect(client.stream(request(modelEntry("anthropic"), [user("go")])));
  expect(result.message.stopReason).toBe("tool_use");
  const calls = result.message.content.filter((b): b is ToolCallBlock => b.type === "tool_call");
  expect(calls).toEqual([
    { type: "tool_call", id: "toolu_01AAA", name: "read", arguments: { path: "src/a.ts" } },
    { type: "tool_call", id: "toolu_01BBB", name: "shell", arguments: { command: 'ls -la && echo "done"' } },
  ]);
  const starts = result.events.filter((e) => e.type === "tool_call_start");
  expect(starts.map((e) => (e.type === "tool_call_start" ? [e.index, e.id, e.name] : []))).toEqual([
    [1, "toolu_01AAA", "read"],
    [2, "toolu_01BBB", "shell"],
  ]);
  const ends = result.events.filter((e) => e.type === "tool_call_end");
  expect(ends).toHaveLength(2);
  // Argument deltas reassemble into the exact JSON the model sent.
  const args = result.events
    .filter((e) => e.type === "tool_call_delta" && e.index === 2)
    .map((e) => (e.type === "tool_call_delta" ? e.delta : ""))
    .join("");
  expect(JSON.parse(args)).toEqual({ command: 'ls -la && echo "done"' });
});

it("keeps a tool call whose input_json does not parse, with invalidArguments and empty arguments", async () => {
  server.enqueue({
    kind: "reply",
    toolCalls: [{ id: "toolu_01BAD", name: "read", arguments: '{"path": "a.ts",' }],
  });
  const result = await collect(client.stream(request(modelEntry("anthropic"), [user("go")])));
  expect(result.error).toBeUndefined();
  expect(result.message.stopReason).toBe("tool_use");
  expect(result.message.content).toEqual([
    {
      type: "tool_call",
      id: "toolu_01BAD",
      name: "read",
      arguments: {},
      invalidArguments: '{"path": "a.ts",',
    },
  ]);
});

it("treats a tool without parameters (no input_json at all) as empty arguments", async () => {
  server.enqueue({ kind: "reply", toolCalls: [{ id: "toolu_01NOARGS", name: "shell", arguments: "" }] });
  const result = await collect(client.stream(request(modelEntry("anthropic"), [user("go")])));
  expect(result.message.content).toEqual([
    { type: "tool_call", id: "toolu_01NOARGS", name: "shell", arguments: {} },
  ]);
});
