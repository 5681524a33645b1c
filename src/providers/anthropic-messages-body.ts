/**
 * The Anthropic Messages request body, built from the normalized request. Pure, so tests (and the token-budget
 * test) measure exactly what goes on the wire.
 *
 * - `system` is one text block; tools are `{name, description, input_schema}`.
 * - Prompt caching: `cache_control: {type: "ephemeral"}` on the system block, the last tool and the last block
 *   of the last user-side message (user text or tool results), so each turn reads the previous turn's prefix
 *   from the cache. Three of the four breakpoints the API allows. Off with `model.quirks.cacheControl: false`.
 * - Tool results are user messages of `tool_result` blocks; consecutive user-side messages merge into one.
 * - Thinking goes back only when an anthropic-messages client wrote it (its signature or redacted data are in
 *   `vendor`); thinking from other protocols is dropped, since the API rejects unsigned thinking.
 * - Thinking: `{type: "enabled", budget_tokens}` by default, or `{type: "adaptive"}` with
 *   `output_config.effort` for models with `quirks.anthropicThinking: "adaptive"`.
 * - Tool-call ids from other vendors are normalized to `[A-Za-z0-9_-]{1,64}` the same way for a `tool_use` and
 *   its `tool_result`.
 */
import { normalizeCallId } from "./stream-builder.ts";
import type {
  AssistantMessage,
  ImageBlock,
  Message,
  ModelRequest,
  ReasoningEffort,
  TextBlock,
} from "./types.ts";

export interface CacheControl {
  type: "ephemeral";
}

export interface AnthropicTextBlock {
  type: "text";
  text: string;
  cache_control?: CacheControl;
}

export interface AnthropicImageBlock {
  type: "image";
  source: { type: "base64"; media_type: AnthropicImageType; data: string };
  cache_control?: CacheControl;
}

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "redacted_thinking"; data: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> }
  | {
      type: "tool_result";
      tool_use_id: string;
      content: (AnthropicTextBlock | AnthropicImageBlock)[];
      is_error?: boolean;
      cache_control?: CacheControl;
    };

/** The image types the API accepts; others are replaced by a note. */
export type AnthropicImageType = "image/jpeg" | "image/png" | "image/gif" | "image/webp";
const imageTypes: readonly string[] = ["image/jpeg", "image/png", "image/gif", "image/webp"];

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description: string;
  /** JSON Schema; the API requires a top-level object schema. */
  input_schema: { type: "object"; [key: string]: unknown };
  cache_control?: CacheControl;
}

export interface AnthropicMessagesBody {
  model: string;
  max_tokens: number;
  stream: true;
  system?: { type: "text"; text: string; cache_control?: CacheControl }[];
  messages: AnthropicMessage[];
  tools?: AnthropicTool[];
  thinking?: AnthropicThinking;
  /** Only with adaptive thinking: how much the model should think. */
  output_config?: { effort: AnthropicEffort };
}

/**
 * `enabled` with a budget (`quirks.anthropicThinking: "budget"`, the default), or `adaptive`, where the model
 * decides how much to think and `output_config.effort` steers it. Adaptive asks for `display: "summarized"`:
 * Opus 4.7 and later default to `omitted` (empty thinking text, still billed), and the UI shows reasoning.
 */
export type AnthropicThinking =
  | { type: "enabled"; budget_tokens: number }
  | { type: "adaptive"; display: "summarized" };

/** The adaptive-thinking efforts we send (`max` is Opus-only, so no effort maps to it). */
export type AnthropicEffort = "low" | "medium" | "high";

/** Our effort → the API's `output_config.effort` for adaptive thinking. */
export const anthropicAdaptiveEfforts: Record<ReasoningEffort, AnthropicEffort> = {
  minimal: "low",
  low: "low",
  medium: "medium",
  high: "high",
};

/**
 * Extended-thinking budget per effort, in tokens. The API wants at least 1,024 and less than `max_tokens`; the
 * budget is cut to `max_tokens - 1024` (leaving room for the answer) and thinking is left off when that is
 * under 1,024.
 */
export const anthropicThinkingBudgets: Record<ReasoningEffort, number> = {
  minimal: 1_024,
  low: 4_096,
  medium: 10_240,
  high: 32_000,
};

const ephemeral: CacheControl = { type: "ephemeral" };

export function buildAnthropicMessagesBody(request: ModelRequest): AnthropicMessagesBody {
  const { model } = request;
  const cache = model.quirks?.cacheControl !== false;
  const maxTokens = request.maxOutputTokens ?? model.maxOutput;
  const body: AnthropicMessagesBody = {
    model: model.model,
    max_tokens: maxTokens,
    stream: true,
    messages: anthropicMessages(request.messages, model.capabilities.images),
  };
  if (request.system) {
    body.system = [{ type: "text", text: request.system, ...(cache ? { cache_control: ephemeral } : {}) }];
  }
  if (request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({
      name: t.name,
      description: t.description,
      input_schema: { ...t.parameters, type: "object" as const },
    }));
    const last = body.tools.at(-1);
    if (cache && last) last.cache_control = ephemeral;
  }
  if (cache) markLastUserBlock(body.messages);
  const effort = thinkingEffort(request);
  if (effort && model.quirks?.anthropicThinking === "adaptive") {
    body.thinking = { type: "adaptive", display: "summarized" };
    body.output_config = { effort: anthropicAdaptiveEfforts[effort] };
  } else if (effort) {
    const budget = thinkingBudget(effort, maxTokens);
    if (budget !== undefined) body.thinking = { type: "enabled", budget_tokens: budget };
  }
  return body;
}

/** The effort to think with, or undefined when this request goes without thinking. */
function thinkingEffort(request: ModelRequest): ReasoningEffort | undefined {
  const effort = request.reasoningEffort;
  if (!request.model.capabilities.reasoning || !effort) return undefined;
  if (continuesUnsignedToolTurn(request.messages)) return undefined;
  return effort;
}

function thinkingBudget(effort: ReasoningEffort, maxTokens: number): number | undefined {
  const budget = Math.min(anthropicThinkingBudgets[effort], maxTokens - 1_024);
  return budget >= 1_024 ? budget : undefined;
}

/**
 * With thinking on, the API requires the assistant turn being continued with tool results to start with its
 * signed thinking block. A turn another protocol produced (a mid-session model switch) has none, so that
 * request goes without thinking; the next user message starts a fresh turn and thinking comes back.
 */
function continuesUnsignedToolTurn(messages: Message[]): boolean {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!m || m.role === "user") return false;
    if (m.role === "assistant" && m.content.some((b) => b.type === "tool_call") && !hasOwnThinking(m))
      return true;
  }
  return false;
}

function hasOwnThinking(message: AssistantMessage): boolean {
  return message.content.some((b) => b.type === "thinking" && thinkingBlock(b.text, b.vendor) !== undefined);
}

function anthropicMessages(messages: Message[], images: boolean): AnthropicMessage[] {
  const out: AnthropicMessage[] = [];
  const push = (role: AnthropicMessage["role"], content: AnthropicContentBlock[]) => {
    if (content.length === 0) return;
    const last = out.at(-1);
    // The API wants alternating roles; tool results followed by the user's next words become one message.
    if (last?.role === role && role === "user") last.content.push(...content);
    else out.push({ role, content });
  };
  for (const message of messages) {
    switch (message.role) {
      case "user":
        push("user", userBlocks(message.content, images));
        break;
      case "assistant":
        push("assistant", assistantBlocks(message));
        break;
      case "tool_result": {
        const content = userBlocks(message.content, images);
        if (content.length === 0) content.push({ type: "text", text: "(no output)" });
        const block: AnthropicContentBlock = {
          type: "tool_result",
          tool_use_id: normalizeCallId(message.callId),
          content,
        };
        if (message.isError) block.is_error = true;
        push("user", [block]);
        break;
      }
    }
  }
  return out;
}

function userBlocks(
  blocks: (TextBlock | ImageBlock)[],
  images: boolean,
): (AnthropicTextBlock | AnthropicImageBlock)[] {
  const out: (AnthropicTextBlock | AnthropicImageBlock)[] = [];
  for (const b of blocks) {
    if (b.type === "text") {
      // The API rejects empty and whitespace-only text blocks.
      if (b.text.trim()) out.push({ type: "text", text: b.text });
    } else if (images && imageTypes.includes(b.mimeType)) {
      const mediaType = b.mimeType as AnthropicImageType;
      out.push({ type: "image", source: { type: "base64", media_type: mediaType, data: b.data } });
    } else if (images) {
      out.push({
        type: "text",
        text: `(a ${b.mimeType} image was attached; only JPEG, PNG, GIF and WebP can be sent)`,
      });
    } else {
      out.push({ type: "text", text: "(an image was attached; this model cannot view images)" });
    }
  }
  return out;
}

function assistantBlocks(message: AssistantMessage): AnthropicContentBlock[] {
  const out: AnthropicContentBlock[] = [];
  for (const b of message.content) {
    if (b.type === "text") {
      if (b.text.trim()) out.push({ type: "text", text: b.text });
    } else if (b.type === "thinking") {
      const block = thinkingBlock(b.text, b.vendor);
      if (block) out.push(block);
    } else {
      out.push({ type: "tool_use", id: normalizeCallId(b.id), name: b.name, input: b.arguments });
    }
  }
  return out;
}

/** Our own signed or redacted thinking, as it must go back; undefined for anything else. */
function thinkingBlock(
  text: string,
  vendor: { protocol: string; data: Record<string, unknown> } | undefined,
) {
  if (vendor?.protocol !== "anthropic-messages") return undefined;
  const { signature, redacted } = vendor.data;
  if (typeof redacted === "string" && redacted) return { type: "redacted_thinking" as const, data: redacted };
  // A thinking block cut off before its signature arrived (an interrupt) cannot be replayed.
  if (typeof signature === "string" && signature)
    return { type: "thinking" as const, thinking: text, signature };
  return undefined;
}

function markLastUserBlock(messages: AnthropicMessage[]): void {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role !== "user") continue;
    const block = m.content.at(-1);
    if (block && (block.type === "text" || block.type === "image" || block.type === "tool_result")) {
      block.cache_control = ephemeral;
    }
    return;
  }
}
