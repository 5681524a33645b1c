/**
 * The built-in model catalog and providers, as data. Prices are US dollars per million tokens as published by
 * the vendors (checked 2026-11); a user's config can add or override entries. Capabilities are flags here,
 * never guessed from a model's name.
 */
import type { ModelEntry, ProviderEntry } from "../providers/types.ts";

type CatalogModel = Omit<ModelEntry, "id" | "provider" | "model">;

const openaiReasoning = { tools: true, reasoning: true, images: true, editFormat: "apply_patch" } as const;
const anthropic = { tools: true, reasoning: true, images: true, editFormat: "edit" } as const;
const gemini = { tools: true, reasoning: true, images: true, editFormat: "edit" } as const;

/**
 * Claude 4.6: adaptive thinking is recommended and `budget_tokens` deprecated; Haiku 4.5 predates adaptive
 * (https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking).
 */
const adaptiveThinking = { anthropicThinking: "adaptive" } as const;

/** Images stay off: how DeepSeek's chat API takes them is not documented where we could check it. */
const deepseek = { tools: true, reasoning: true, images: false, editFormat: "edit" } as const;

/** Keyed by `provider/model`. */
export const builtinModels: Record<string, CatalogModel> = {
  "openai/gpt-5.3-codex": {
    contextWindow: 400_000,
    maxOutput: 128_000,
    prices: { input: 1.75, output: 14, cacheRead: 0.175 },
    capabilities: openaiReasoning,
  },
  "openai/gpt-5.2": {
    contextWindow: 400_000,
    maxOutput: 128_000,
    prices: { input: 1.75, output: 14, cacheRead: 0.175 },
    capabilities: openaiReasoning,
  },
  "openai/gpt-5-mini": {
    contextWindow: 400_000,
    maxOutput: 128_000,
    prices: { input: 0.25, output: 2, cacheRead: 0.025 },
    capabilities: openaiReasoning,
  },
  "anthropic/claude-opus-4-6": {
    contextWindow: 200_000,
    maxOutput: 64_000,
    prices: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
    capabilities: anthropic,
    quirks: adaptiveThinking,
  },
  "anthropic/claude-sonnet-4-6": {
    contextWindow: 200_000,
    maxOutput: 64_000,
    prices: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    capabilities: anthropic,
    quirks: adaptiveThinking,
  },
  "anthropic/claude-haiku-4-5": {
    contextWindow: 200_000,
    maxOutput: 64_000,
    prices: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
    capabilities: anthropic,
  },
  // DeepSeek V4 (https://api-docs.deepseek.com/quick_start/pricing): 1M context, up to 384K output, thinking
  // mode on by default. Prices are left out: they are set in yuan with peak and off-peak rates.
  "deepseek/deepseek-v4-pro": {
    contextWindow: 1_000_000,
    maxOutput: 384_000,
    capabilities: deepseek,
  },
  "deepseek/deepseek-flash": {
    contextWindow: 1_000_000,
    maxOutput: 384_000,
    capabilities: deepseek,
  },
  "google/gemini-3-pro": {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    prices: { input: 2, output: 12, cacheRead: 0.2 },
    capabilities: gemini,
    // https://ai.google.dev/gemini-api/docs/thinking: Gemini 3 Pro takes low and high.
    quirks: { geminiThinkingLevels: ["low", "high"] },
  },
  "google/gemini-3-flash": {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    prices: { input: 0.5, output: 3, cacheRead: 0.05 },
    capabilities: gemini,
    quirks: { geminiThinkingLevels: ["minimal", "low", "medium", "high"] },
  },
};

/**
 * Built-in providers. `baseUrlEnv` names the standard variable that overrides the base URL. Local servers
 * (ollama, lmstudio, llamacpp) need no key.
 */
export const builtinProviders: (ProviderEntry & { baseUrlEnv?: string; defaultModel?: string })[] = [
  {
    id: "openai",
    protocol: "openai-responses",
    baseUrl: "https://api.openai.com/v1",
    apiKeyEnv: "OPENAI_API_KEY",
    baseUrlEnv: "OPENAI_BASE_URL",
    defaultModel: "gpt-5.3-codex",
  },
  {
    id: "anthropic",
    protocol: "anthropic-messages",
    baseUrl: "https://api.anthropic.com",
    apiKeyEnv: "ANTHROPIC_API_KEY",
    baseUrlEnv: "ANTHROPIC_BASE_URL",
    defaultModel: "claude-opus-4-6",
  },
  {
    id: "google",
    protocol: "google-gemini",
    baseUrl: "https://generativelanguage.googleapis.com",
    apiKeyEnv: "GEMINI_API_KEY",
    baseUrlEnv: "GOOGLE_GEMINI_BASE_URL",
    defaultModel: "gemini-3-pro",
  },
  {
    // Thinking mode (the default) requires each assistant message's reasoning_content back on tool turns
    // (https://api-docs.deepseek.com/guides/thinking_mode), for every DeepSeek model, known or not.
    id: "deepseek",
    protocol: "openai-chat",
    baseUrl: "https://api.deepseek.com",
    apiKeyEnv: "DEEPSEEK_API_KEY",
    quirks: { replayReasoning: "reasoning_content" },
  },
  {
    id: "openrouter",
    protocol: "openai-chat",
    baseUrl: "https://openrouter.ai/api/v1",
    apiKeyEnv: "OPENROUTER_API_KEY",
  },
  {
    id: "groq",
    protocol: "openai-chat",
    baseUrl: "https://api.groq.com/openai/v1",
    apiKeyEnv: "GROQ_API_KEY",
  },
  { id: "ollama", protocol: "openai-chat", baseUrl: "http://127.0.0.1:11434/v1" },
  { id: "lmstudio", protocol: "openai-chat", baseUrl: "http://127.0.0.1:1234/v1" },
  { id: "llamacpp", protocol: "openai-chat", baseUrl: "http://127.0.0.1:8080/v1" },
];

/** Limits assumed for a model the catalog does not know: small enough to be safe on local servers. */
export const unknownModelDefaults: CatalogModel = {
  contextWindow: 32_768,
  maxOutput: 8_192,
  capabilities: { tools: true, reasoning: false, images: false, editFormat: "edit" },
};
