/**
 * `quirks.anthropicThinking: "adaptive"`: `thinking: {type: "adaptive"}` with `output_config.effort` instead of
 * a token budget, against a fake server that, like Claude Opus 4.7, rejects the budget form with a 400.
 */
import type Anthropic from "@anthropic-ai/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  anthropicAdaptiveEfforts,
  anthropicThinkingBudgets,
  buildAnthropicMessagesBody,
  createAnthropicMessagesClient,
} from "../../src/providers/anthropic-messages.ts";
import type { Message, ModelEntry, ReasoningEffort } from "../../src/providers/types.ts";
import type { ProtocolHandler } from "../support/fake-model/handler.ts";
import {
  anthropicMessagesHandler,
  fakeThinkingSignature,
} from "../support/fake-model/handlers/anthropic-messages.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, modelEntry, request, user } from "./anthropic-gemini-helpers.ts";

/** A model that only takes adaptive thinking: the budget form is a 400, as on Opus 4.7. */
const adaptiveOnly: ProtocolHandler = {
  ...anthropicMessagesHandler,
  renderReply(step, req) {
    const thinking = req.body.thinking as { type?: string } | undefined;
    if (thinking?.type === "enabled") {
      return anthropicMessagesHandler.renderError(
        {
          kind: "error",
          status: 400,
          message: '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive".',
        },
        req,
      );
    }
    return anthropicMessagesHandler.renderReply(step, req);
  },
};

let server: FakeModelServer;
beforeEach(async () => {
  server = await startFakeModel({ handlers: [adaptiveOnly] });
});
afterEach(async () => {
  await server.close();
});

const adaptive: ModelEntry = modelEntry("anthropic", { quirks: { anthropicThinking: "adaptive" } });

describe("anthropic adaptive thinking", () => {
  it("asks for adaptive thinking with an effort, and sends the signed thinking back on the tool turn", async () => {
    const client = createAnthropicMessagesClient({
      baseUrl: server.baseUrl("anthropic-messages"),
      apiKey: "k",
    });
    server.enqueue(
      {
        kind: "reply",
        reasoning: "Read a.ts first.",
        toolCalls: [{ id: "toolu_01A", name: "read", arguments: { path: "a.ts" } }],
      },
      { kind: "reply", text: "It is empty." },
    );
    const first = await collect(
      client.stream(request(adaptive, [user("what is in a.ts?")], { reasoningEffort: "medium" })),
    );
    expect(first.error).toBeUndefined();
    expect(server.requests[0]?.body.thinking).toEqual({ type: "adaptive", display: "summarized" });
    expect(server.requests[0]?.body.output_config).toEqual({ effort: "medium" });
    const history: Message[] = [
      user("what is in a.ts?"),
      first.message,
      {
        role: "tool_result",
        callId: "toolu_01A",
        toolName: "read",
        content: [{ type: "text", text: "" }],
        isError: false,
      },
    ];
    const second = await collect(client.stream(request(adaptive, history, { reasoningEffort: "medium" })));
    expect(second.text).toBe("It is empty.");
    const sent = server.requests[1]?.body.messages as { role: string; content: { type: string }[] }[];
    expect(sent[1]?.content[0]).toEqual({
      type: "thinking",
      thinking: "Read a.ts first.",
      signature: fakeThinkingSignature("Read a.ts first."),
    });
    expect(server.requests[1]?.body.thinking).toEqual({ type: "adaptive", display: "summarized" });
  });

  it("the budget form (the default) is what such a model rejects", async () => {
    const client = createAnthropicMessagesClient({
      baseUrl: server.baseUrl("anthropic-messages"),
      apiKey: "k",
    });
    server.enqueue({ kind: "reply", text: "never sent" });
    const done = await collect(
      client.stream(request(modelEntry("anthropic"), [user("hi")], { reasoningEffort: "high" })),
    );
    expect(done.error?.kind).toBe("bad_request");
    expect(server.requests[0]?.body.thinking).toEqual({
      type: "enabled",
      budget_tokens: Math.min(anthropicThinkingBudgets.high, 32_000 - 1_024),
    });
  });

  it("maps every effort, keeps thinking on where a budget would not fit, and is off without an effort", () => {
    const efforts: ReasoningEffort[] = ["minimal", "low", "medium", "high"];
    expect(
      efforts.map(
        (e) =>
          buildAnthropicMessagesBody(request(adaptive, [user("hi")], { reasoningEffort: e })).output_config,
      ),
    ).toEqual([{ effort: "low" }, { effort: "low" }, { effort: "medium" }, { effort: "high" }]);
    expect(anthropicAdaptiveEfforts.high).toBe("high");
    // 1,500 output tokens leave no room for a 1,024-token budget; adaptive has none to fit.
    const small = buildAnthropicMessagesBody(
      request(adaptive, [user("hi")], { reasoningEffort: "low", maxOutputTokens: 1_500 }),
    );
    expect(small.thinking).toEqual({ type: "adaptive", display: "summarized" });
    const off = buildAnthropicMessagesBody(request(adaptive, [user("hi")]));
    expect(off.thinking).toBeUndefined();
    expect(off.output_config).toBeUndefined();
  });

  it("stays off for a tool turn another protocol made, as the budget form does", () => {
    const messages: Message[] = [
      user("read a.ts"),
      {
        role: "assistant",
        model: "openai/gpt",
        protocol: "openai-responses",
        usage: { input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
        stopReason: "tool_use",
        content: [{ type: "tool_call", id: "call_1", name: "read", arguments: { path: "a.ts" } }],
      },
      { role: "tool_result", callId: "call_1", toolName: "read", content: [], isError: false },
    ];
    const body = buildAnthropicMessagesBody(request(adaptive, messages, { reasoningEffort: "high" }));
    expect(body.thinking).toBeUndefined();
    expect(body.output_config).toBeUndefined();
  });

  it("is a valid SDK request: MessageCreateParamsStreaming accepts the body as typed", () => {
    const body = buildAnthropicMessagesBody(request(adaptive, [user("hi")], { reasoningEffort: "high" }));
    // Compile-time check against @anthropic-ai/sdk's own types (ThinkingConfigAdaptive, OutputConfig).
    const params: Anthropic.MessageCreateParamsStreaming = body;
    expect(params.thinking?.type).toBe("adaptive");
  });
});
