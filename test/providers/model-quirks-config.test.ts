/**
 * The thinking/reasoning wire quirks as data: set on the built-in catalog entries the vendor docs name, and
 * settable from a config `[[models]]` entry (TOML → schema → registry → the body a client builds).
 */
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/app/config-schema.ts";
import { createModelRegistry } from "../../src/app/models.ts";
import { buildAnthropicMessagesBody } from "../../src/providers/anthropic-messages.ts";
import { buildOpenAIChatBody } from "../../src/providers/openai-chat.ts";
import type { Message, ModelEntry, ProviderClient } from "../../src/providers/types.ts";

const noClient = (protocol: ProviderClient["protocol"]): ProviderClient => ({
  protocol,
  async *stream() {},
});

function resolve(id: string, toml = "", env: NodeJS.ProcessEnv = {}): ModelEntry {
  const registry = createModelRegistry({
    config: configSchema.parse(parse(toml)),
    env: { ANTHROPIC_API_KEY: "a", GEMINI_API_KEY: "g", DEEPSEEK_API_KEY: "d", ...env },
    createClient: (p) => noClient(p.protocol),
  });
  const res = registry.resolve(id);
  if ("error" in res) throw new Error(res.error);
  return res.model;
}

const config = `
[providers.vllm]
protocol = "openai-chat"
base_url = "http://gpu:8000/v1"

[[models]]
id = "vllm/kimi-k2-thinking"
context_window = 262144
max_output = 65536
reasoning = true
replay_reasoning = "reasoning_content"

[[models]]
id = "deepseek/deepseek-chat"
context_window = 128000
max_output = 8192
replay_reasoning = "none"

[[models]]
id = "anthropic/claude-opus-4-7"
context_window = 200000
max_output = 64000
reasoning = true
anthropic_thinking = "adaptive"

[[models]]
id = "google/gemini-3-pro-preview"
context_window = 1048576
max_output = 65536
reasoning = true
gemini_thinking_levels = ["low", "high"]

[[models]]
id = "vllm/plain"
context_window = 1000
max_output = 100
`;

describe("thinking quirks as data", () => {
  it("the catalog sets adaptive thinking on Claude 4.6 and thinking levels on Gemini 3, nothing on Haiku 4.5", () => {
    expect(resolve("anthropic/claude-opus-4-6").quirks).toEqual({ anthropicThinking: "adaptive" });
    expect(resolve("anthropic/claude-sonnet-4-6").quirks).toEqual({ anthropicThinking: "adaptive" });
    expect(resolve("anthropic/claude-haiku-4-5").quirks).toBeUndefined();
    expect(resolve("google/gemini-3-pro").quirks).toEqual({ geminiThinkingLevels: ["low", "high"] });
    expect(resolve("google/gemini-3-flash").quirks?.geminiThinkingLevels).toEqual([
      "minimal",
      "low",
      "medium",
      "high",
    ]);
  });

  it("a [[models]] entry sets each quirk, and the client's body follows it", () => {
    const deepseek = resolve("vllm/kimi-k2-thinking", config);
    expect(deepseek.quirks).toEqual({ replayReasoning: "reasoning_content" });
    const history: Message[] = [
      { role: "user", content: [{ type: "text", text: "hi" }] },
      {
        role: "assistant",
        model: deepseek.id,
        protocol: "openai-chat",
        usage: { input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
        stopReason: "stop",
        content: [
          { type: "thinking", text: "greet back" },
          { type: "text", text: "hello" },
        ],
      },
    ];
    const chat = buildOpenAIChatBody({ model: deepseek, system: "", messages: history, tools: [] });
    expect(chat.messages[1]).toEqual({
      role: "assistant",
      content: "hello",
      reasoning_content: "greet back",
    });

    const opus = resolve("anthropic/claude-opus-4-7", config);
    const body = buildAnthropicMessagesBody({
      model: opus,
      system: "",
      messages: [history[0] as Message],
      tools: [],
      reasoningEffort: "high",
    });
    expect(body.thinking).toEqual({ type: "adaptive", display: "summarized" });
    expect(resolve("google/gemini-3-pro-preview", config).quirks).toEqual({
      geminiThinkingLevels: ["low", "high"],
    });
    expect(resolve("vllm/plain", config).quirks).toBeUndefined();
  });

  it("every DeepSeek model replays reasoning, known or not, unless its own entry says otherwise", () => {
    expect(resolve("deepseek/deepseek-v4-pro").quirks).toEqual({ replayReasoning: "reasoning_content" });
    expect(resolve("deepseek/deepseek-flash").contextWindow).toBe(1_000_000);
    const unknown = resolve("deepseek/deepseek-v5-preview");
    expect(unknown.unknown).toBe(true);
    expect(unknown.quirks).toEqual({ replayReasoning: "reasoning_content" });
    expect(resolve("deepseek/deepseek-chat", config).quirks).toEqual({ replayReasoning: "none" });
    // A [providers.deepseek] override (another base URL, say) keeps the built-in provider's quirks.
    const proxied = `[providers.deepseek]\nprotocol = "openai-chat"\nbase_url = "https://proxy.example/v1"\napi_key_env = "DEEPSEEK_API_KEY"\n`;
    expect(resolve("deepseek/deepseek-v4-pro", proxied).quirks).toEqual({
      replayReasoning: "reasoning_content",
    });
  });

  it("rejects values the clients do not know", () => {
    expect(() =>
      configSchema.parse(
        parse(`[[models]]\nid = "x/y"\ncontext_window = 1\nmax_output = 1\nreplay_reasoning = "reasoning"`),
      ),
    ).toThrow();
    expect(() =>
      configSchema.parse(
        parse(`[[models]]\nid = "x/y"\ncontext_window = 1\nmax_output = 1\ngemini_thinking_levels = []`),
      ),
    ).toThrow();
  });
});
