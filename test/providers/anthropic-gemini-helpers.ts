/** Shared by the Anthropic and Gemini client tests: model entries, requests, and stream collection. */
import type { ThinkingConfig, ThinkingLevel } from "@google/genai";
import type { GeminiBody } from "../../src/providers/google-gemini-body.ts";
import type {
  AssistantMessage,
  Message,
  ModelEntry,
  ModelRequest,
  ProviderError,
  StreamEvent,
  ToolSpec,
} from "../../src/providers/types.ts";

export function modelEntry(
  provider: "anthropic" | "google",
  overrides: Partial<ModelEntry> = {},
): ModelEntry {
  const model = provider === "anthropic" ? "claude-fake" : "gemini-fake";
  return {
    id: `${provider}/${model}`,
    provider,
    model,
    contextWindow: 200_000,
    maxOutput: 32_000,
    capabilities: { tools: true, reasoning: true, images: true, editFormat: "edit" },
    ...overrides,
  };
}

export const readTool: ToolSpec = {
  name: "read",
  description: "Read a file.",
  parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};

export const shellTool: ToolSpec = {
  name: "shell",
  description: "Run a command.",
  parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] },
};

export function request(
  model: ModelEntry,
  messages: Message[],
  extra: Partial<ModelRequest> = {},
): ModelRequest {
  return { model, system: "You are a test assistant.", messages, tools: [readTool, shellTool], ...extra };
}

export const user = (text: string): Message => ({ role: "user", content: [{ type: "text", text }] });

export interface Collected {
  events: StreamEvent[];
  /** The message of the terminal event. */
  message: AssistantMessage;
  error?: ProviderError;
  text: string;
}

/** Drains a stream; fails the test if it does not end with exactly one done/error, last. */
export async function collect(stream: AsyncIterable<StreamEvent>): Promise<Collected> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  const terminal = events.filter((e) => e.type === "done" || e.type === "error");
  const last = events.at(-1);
  if (terminal.length !== 1 || !last || (last.type !== "done" && last.type !== "error")) {
    throw new Error(`stream did not end with exactly one done/error: ${events.map((e) => e.type).join(",")}`);
  }
  const text = events.map((e) => (e.type === "text_delta" ? e.delta : "")).join("");
  return last.type === "done"
    ? { events, message: last.message, text }
    : { events, message: last.message, error: last.error, text };
}

/**
 * Our Gemini `thinkingConfig` as `@google/genai`'s `ThinkingConfig`. The assignment to `${ThinkingLevel}` is
 * the compile-time check that our levels are the SDK enum's values; a string enum type takes no literal, so
 * the cast after it only changes the static type.
 */
export function sdkThinkingConfig(
  ours: GeminiBody["generationConfig"]["thinkingConfig"],
): ThinkingConfig | undefined {
  if (!ours) return undefined;
  const { thinkingLevel, ...rest } = ours;
  const level: `${ThinkingLevel}` | undefined = thinkingLevel;
  return level ? { ...rest, thinkingLevel: level as ThinkingLevel } : rest;
}
