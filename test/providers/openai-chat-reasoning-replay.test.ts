/**
 * The `replayReasoning` quirk against servers that require reasoning back on tool-calling turns (DeepSeek's
 * thinking mode) and servers that reject it (the old deepseek-reasoner), through a real tool loop.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createOpenAIChatClient } from "../../src/providers/openai-chat.ts";
import type { AssistantMessage, Message, ModelEntry } from "../../src/providers/types.ts";
import { type ProtocolHandler, sse } from "../support/fake-model/handler.ts";
import { createOpenAIChatHandler, openaiChatHandler } from "../support/fake-model/handlers/openai-chat.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, readTool, testModel, testRequest } from "./client-support.ts";

let server: FakeModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const thinking: ModelEntry["capabilities"] = {
  tools: true,
  reasoning: true,
  images: false,
  editFormat: "edit",
};
const replaying = testModel({ capabilities: thinking, quirks: { replayReasoning: "reasoning_content" } });
const plain = testModel({ capabilities: thinking });

/** Runs one tool step (reasoning + a call) and returns the history for the follow-up request. */
async function toolStep(fake: FakeModelServer, model: ModelEntry): Promise<Message[]> {
  const client = createOpenAIChatClient({ baseUrl: fake.baseUrl("openai-chat") });
  fake.enqueue({
    kind: "reply",
    reasoning: "The user wants a.ts, so read it.",
    toolCalls: [{ id: "call_1", name: "read", arguments: { path: "a.ts" } }],
  });
  const user: Message = { role: "user", content: [{ type: "text", text: "show a.ts" }] };
  const end = last(await collect(client.stream(testRequest({ model, messages: [user], tools: [readTool] }))));
  expect(end.type).toBe("done");
  return [
    user,
    end.message,
    {
      role: "tool_result",
      callId: "call_1",
      toolName: "read",
      content: [{ type: "text", text: "export {}" }],
      isError: false,
    },
  ];
}

function assistantsSent(fake: FakeModelServer, request: number): Record<string, unknown>[] {
  const messages = (fake.requests[request]?.body.messages ?? []) as Record<string, unknown>[];
  return messages.filter((m) => m.role === "assistant");
}

describe("openai-chat reasoning deltas", () => {
  it("reads a delta that carries both spellings (reasoning_content and reasoning) once, not twice", async () => {
    const both: ProtocolHandler = {
      ...openaiChatHandler,
      renderReply(step, request) {
        const rendered = openaiChatHandler.renderReply(step, request);
        const events = rendered.events.map((frame) => {
          if (!frame.includes('"reasoning_content"')) return frame;
          const chunk = JSON.parse(frame.slice("data: ".length)) as {
            choices: { delta: Record<string, unknown> }[];
          };
          for (const c of chunk.choices) c.delta.reasoning = c.delta.reasoning_content;
          return sse(chunk);
        });
        return { ...rendered, events };
      },
    };
    server = await startFakeModel({ handlers: [both] });
    server.enqueue({ kind: "reply", reasoning: "Once is enough.", text: "ok" });
    const client = createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") });
    const end = last(await collect(client.stream(testRequest())));
    expect(end.message.content).toEqual([
      { type: "thinking", text: "Once is enough." },
      { type: "text", text: "ok" },
    ]);
  });
});

describe("openai-chat reasoning replay", () => {
  it("sends reasoning_content back within a tool turn, so a DeepSeek-style server accepts the follow-up", async () => {
    server = await startFakeModel({ handlers: [createOpenAIChatHandler({ reasoningReplay: "required" })] });
    const history = await toolStep(server, replaying);
    server.enqueue({ kind: "reply", text: "It exports nothing." });
    const client = createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") });
    const end = last(
      await collect(client.stream(testRequest({ model: replaying, messages: history, tools: [readTool] }))),
    );
    expect(end.type).toBe("done");
    expect(assistantsSent(server, 1)).toEqual([
      {
        role: "assistant",
        content: null,
        reasoning_content: "The user wants a.ts, so read it.",
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "read", arguments: '{"path":"a.ts"}' } },
        ],
      },
    ]);
  });

  it("without the quirk the same server answers 400, which ends the stream as a bad_request", async () => {
    server = await startFakeModel({ handlers: [createOpenAIChatHandler({ reasoningReplay: "required" })] });
    const history = await toolStep(server, plain);
    server.enqueue({ kind: "reply", text: "never sent" });
    const client = createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") });
    const end = last(
      await collect(client.stream(testRequest({ model: plain, messages: history, tools: [readTool] }))),
    );
    expect(end.type).toBe("error");
    if (end.type !== "error") return;
    expect(end.error.kind).toBe("bad_request");
    expect(end.error.message).toContain("reasoning_content");
    expect(assistantsSent(server, 1)[0]).not.toHaveProperty("reasoning_content");
  });

  it("by default (none) sends no reasoning, which a server that rejects the field accepts", async () => {
    server = await startFakeModel({ handlers: [createOpenAIChatHandler({ reasoningReplay: "rejected" })] });
    const history = await toolStep(server, plain);
    server.enqueue({ kind: "reply", text: "ok" }, { kind: "reply", text: "never sent" });
    const client = createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") });
    const ok = last(
      await collect(client.stream(testRequest({ model: plain, messages: history, tools: [readTool] }))),
    );
    expect(ok.type).toBe("done");
    expect(JSON.stringify(server.requests[1]?.body)).not.toContain("The user wants a.ts");
    // The quirk on a server that rejects it fails: the reason it is per model and off by default.
    const refused = last(
      await collect(client.stream(testRequest({ model: replaying, messages: history, tools: [readTool] }))),
    );
    expect(refused.type).toBe("error");
  });

  it("sends an empty reasoning_content for another protocol's turn, never its thinking", async () => {
    server = await startFakeModel({ handlers: [createOpenAIChatHandler({ reasoningReplay: "required" })] });
    const foreign: AssistantMessage = {
      role: "assistant",
      model: "anthropic/claude",
      protocol: "anthropic-messages",
      usage: { input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
      stopReason: "tool_use",
      content: [
        {
          type: "thinking",
          text: "signed anthropic thought",
          vendor: { protocol: "anthropic-messages", data: { signature: "sig" } },
        },
        { type: "tool_call", id: "toolu_1", name: "read", arguments: { path: "a.ts" } },
      ],
    };
    const messages: Message[] = [
      { role: "user", content: [{ type: "text", text: "show a.ts" }] },
      foreign,
      {
        role: "tool_result",
        callId: "toolu_1",
        toolName: "read",
        content: [{ type: "text", text: "export {}" }],
        isError: false,
      },
      { role: "assistant", ...answer("Done, it is empty.") },
      { role: "user", content: [{ type: "text", text: "thanks" }] },
    ];
    server.enqueue({ kind: "reply", text: "You're welcome." });
    const client = createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") });
    const end = last(
      await collect(client.stream(testRequest({ model: replaying, messages, tools: [readTool] }))),
    );
    expect(end.type).toBe("done");
    const sent = assistantsSent(server, 0);
    expect(sent.map((m) => m.reasoning_content)).toEqual(["", "Weighing the answer."]);
    expect(JSON.stringify(server.requests[0]?.body)).not.toContain("signed anthropic thought");
  });
});

/** An openai-chat answer with reasoning and text, as the client would have built it. */
function answer(text: string): Omit<AssistantMessage, "role"> {
  return {
    model: "test/fake-model",
    protocol: "openai-chat",
    usage: { input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
    stopReason: "stop",
    content: [
      { type: "thinking", text: "Weighing the answer." },
      { type: "text", text },
    ],
  };
}
