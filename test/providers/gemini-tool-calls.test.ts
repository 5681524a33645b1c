import { afterEach, beforeEach, expect, it } from "vitest";
import { createGoogleGeminiClient } from "../../src/providers/google-gemini.ts";
import { placeholderThoughtSignature } from "../../src/providers/google-gemini-body.ts";
import { withRetry } from "../../src/providers/retry.ts";
import type { ProviderClient, ToolCallBlock } from "../../src/providers/types.ts";
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

const calls = (content: unknown[]) =>
  content.filter((b): b is ToolCallBlock => (b as ToolCallBlock).type === "tool_call");

it("turns parallel function calls without ids into tool calls with distinct generated ids", async () => {
  server.enqueue({
    kind: "reply",
    text: "Reading.",
    toolCalls: [
      { name: "read", arguments: { path: "a.ts" } },
      { name: "read", arguments: { path: "b.ts" } },
    ],
  });
  const result = await collect(client.stream(request(modelEntry("google"), [user("go")])));
  expect(result.message.stopReason).toBe("tool_use");
  const found = calls(result.message.content);
  expect(found.map((c) => [c.name, c.arguments])).toEqual([
    ["read", { path: "a.ts" }],
    ["read", { path: "b.ts" }],
  ]);
  expect(found[0]?.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  expect(found[0]?.id).not.toBe(found[1]?.id);
  expect(found.every((c) => c.vendor === undefined)).toBe(true);
  const types = result.events.map((e) => e.type);
  expect(types.filter((t) => t === "tool_call_start")).toHaveLength(2);
  expect(types.filter((t) => t === "tool_call_end")).toHaveLength(2);
});

it("keeps a server-given call id and echoes it in the function call and response", async () => {
  server.enqueue(
    { kind: "reply", toolCalls: [{ id: "fc-7f3a", name: "shell", arguments: { command: "ls" } }] },
    { kind: "reply", text: "done" },
  );
  const model = modelEntry("google");
  const first = await collect(client.stream(request(model, [user("go")])));
  const call = calls(first.message.content)[0];
  expect(call).toMatchObject({
    id: "fc-7f3a",
    vendor: { protocol: "google-gemini", data: { callId: "fc-7f3a" } },
  });
  await collect(
    client.stream(
      request(model, [
        user("go"),
        first.message,
        {
          role: "tool_result",
          callId: "fc-7f3a",
          toolName: "shell",
          content: [{ type: "text", text: "a" }],
          isError: false,
        },
      ]),
    ),
  );
  const contents = server.requests[1]?.body.contents as { parts: Record<string, unknown>[] }[];
  // Unsigned (the fake model did not think), so a thinking model gets the placeholder signature.
  expect(contents[1]?.parts[0]).toEqual({
    functionCall: { name: "shell", args: { command: "ls" }, id: "fc-7f3a" },
    thoughtSignature: placeholderThoughtSignature,
  });
  expect(contents[2]?.parts[0]).toEqual({
    functionResponse: { name: "shell", response: { output: "a" }, id: "fc-7f3a" },
  });
});

it("keeps a call whose args are not an object, with invalidArguments and empty arguments", async () => {
  server.enqueue({ kind: "reply", toolCalls: [{ name: "read", arguments: "[1, 2]" }] });
  const result = await collect(client.stream(request(modelEntry("google"), [user("go")])));
  expect(result.error).toBeUndefined();
  expect(calls(result.message.content)[0]).toMatchObject({
    name: "read",
    arguments: {},
    invalidArguments: "[1,2]",
  });
});

it("MALFORMED_FUNCTION_CALL is a retryable protocol error, retried when nothing was shown", async () => {
  server.enqueue({ kind: "reply", toolCalls: [{ name: "read", arguments: '{"path": ' }] });
  const direct = await collect(client.stream(request(modelEntry("google"), [user("go")])));
  expect(direct.error).toMatchObject({ kind: "protocol", retryable: true });
  expect(direct.error?.message).toContain("MALFORMED_FUNCTION_CALL");

  server.enqueue(
    { kind: "reply", toolCalls: [{ name: "read", arguments: '{"path": ' }] },
    { kind: "reply", toolCalls: [{ name: "read", arguments: { path: "a.ts" } }] },
  );
  const retried = await collect(
    withRetry(client, { sleep: async () => {} }).stream(request(modelEntry("google"), [user("go")])),
  );
  expect(calls(retried.message.content)[0]?.arguments).toEqual({ path: "a.ts" });
});
