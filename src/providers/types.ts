/**
 * The one normalized model of messages, tool calls, streams and models that every provider client speaks.
 * Vendor state that must survive a round trip (OpenAI reasoning items, Anthropic thinking signatures, Gemini
 * thought signatures) rides along in `vendor`, opaque to everything but the client that wrote it.
 */
import type { Usage } from "../protocol/usage.ts";

/** Wire protocols we speak. A provider (vendor or server) is configured with one of them. */
export type ProtocolId = "openai-responses" | "openai-chat" | "anthropic-messages" | "google-gemini";

/**
 * Opaque per-protocol state attached to a block. Only a client of the same `protocol` reads `data`; another
 * protocol ignores it (which is how history stays valid across a mid-session model switch).
 */
export interface VendorState {
  protocol: ProtocolId;
  data: Record<string, unknown>;
}

export interface TextBlock {
  type: "text";
  text: string;
  vendor?: VendorState;
}

export interface ImageBlock {
  type: "image";
  mimeType: string;
  /** Base64, no data: prefix. */
  data: string;
}

/** Model reasoning. `text` may be empty when the vendor only returns an encrypted/redacted form in `vendor`. */
export interface ThinkingBlock {
  type: "thinking";
  text: string;
  vendor?: VendorState;
}

export interface ToolCallBlock {
  type: "tool_call";
  /** Normalized id: unique in the session, safe for every vendor (`[A-Za-z0-9_-]{1,64}`). */
  id: string;
  name: string;
  /** Parsed arguments. `{}` when `invalidArguments` is set. */
  arguments: Record<string, unknown>;
  /** Set when the model's argument JSON did not parse: the raw text, so the loop can answer with an error. */
  invalidArguments?: string;
  vendor?: VendorState;
}

export interface UserMessage {
  role: "user";
  content: (TextBlock | ImageBlock)[];
}

export type StopReason = "stop" | "length" | "tool_use" | "error" | "aborted";

export interface AssistantMessage {
  role: "assistant";
  content: (TextBlock | ThinkingBlock | ToolCallBlock)[];
  /** `provider/model` that produced it. */
  model: string;
  protocol: ProtocolId;
  usage: Usage;
  stopReason: StopReason;
  /** Set when stopReason is `error`/`aborted`: what went wrong. */
  errorMessage?: string;
}

export interface ToolResultMessage {
  role: "tool_result";
  callId: string;
  toolName: string;
  content: (TextBlock | ImageBlock)[];
  isError: boolean;
}

export type Message = UserMessage | AssistantMessage | ToolResultMessage;

/** A tool as the model sees it. `parameters` is a JSON Schema object. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Prices in US dollars per million tokens. */
export interface ModelPrices {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface ModelCapabilities {
  tools: boolean;
  reasoning: boolean;
  images: boolean;
  /** Which file-editing tool suits the model: OpenAI's GPT/Codex families are trained on `apply_patch`. */
  editFormat: "apply_patch" | "edit";
}

/**
 * A model catalog entry: data, never name-sniffing. Vendor quirks are flags here.
 */
export interface ModelEntry {
  /** `provider/model`, e.g. `openai/gpt-5.3-codex`. */
  id: string;
  /** Provider id, the part before the slash. */
  provider: string;
  /** The vendor's model name, sent on the wire. */
  model: string;
  contextWindow: number;
  maxOutput: number;
  prices?: ModelPrices;
  capabilities: ModelCapabilities;
  /** Per-model wire quirks. */
  quirks?: ModelQuirks;
  /** True when the entry was made up for a model the catalog does not know (conservative defaults). */
  unknown?: boolean;
}

export interface ModelQuirks {
  /** openai-chat: send `max_completion_tokens` instead of `max_tokens`. Default true for OpenAI itself. */
  maxCompletionTokens?: boolean;
  /** openai-chat: the server accepts `stream_options.include_usage`. Default true. */
  streamUsage?: boolean;
  /** openai-chat: the server supports the `developer` role instead of `system`. Default false. */
  developerRole?: boolean;
  /** openai-chat: send `prompt_cache_key` (the request's cacheKey). Default true for provider `openai` only. */
  promptCacheKey?: boolean;
  /** anthropic-messages: mark the stable prefix with cache_control. Default true. */
  cacheControl?: boolean;
  /**
   * openai-chat: send reasoning back on assistant messages. `reasoning_content` puts the thinking text an
   * openai-chat client read into the assistant message's `reasoning_content`, and `""` where there is none
   * (DeepSeek's thinking mode rejects a tool-calling turn whose assistant message lacks the field). Default
   * `none`: never sent, since other servers ignore or reject it (the old `deepseek-reasoner` answered 400).
   */
  replayReasoning?: "reasoning_content" | "none";
  /**
   * anthropic-messages: how thinking is asked for. `budget`: `thinking: {type: "enabled", budget_tokens}`.
   * `adaptive`: `thinking: {type: "adaptive"}` with `output_config.effort` (Claude 4.6 and later, where the
   * budget form is deprecated or rejected). Default `budget`.
   */
  anthropicThinking?: "budget" | "adaptive";
  /**
   * google-gemini: the `thinkingLevel`s the model accepts (Gemini 3). When set, the effort goes as
   * `thinkingConfig.thinkingLevel` (the nearest accepted level) instead of `thinkingBudget`; the API rejects
   * both together. Default unset: `thinkingBudget`.
   */
  geminiThinkingLevels?: ReasoningEffort[];
}

/** How to reach one provider. */
export interface ProviderEntry {
  id: string;
  protocol: ProtocolId;
  baseUrl: string;
  /** Environment variable holding the key; undefined for keyless local servers. */
  apiKeyEnv?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Quirks every model of this provider gets, including models the catalog does not know; a model's own
   * quirks win key by key. For a vendor whose API behaves the same for all its models (DeepSeek).
   */
  quirks?: ModelQuirks;
}

export type ReasoningEffort = "minimal" | "low" | "medium" | "high";

/** One model request. */
export interface ModelRequest {
  model: ModelEntry;
  system: string;
  messages: Message[];
  tools: ToolSpec[];
  /** Aborting ends the stream with an `error` event whose message has stopReason `aborted`. */
  signal?: AbortSignal;
  reasoningEffort?: ReasoningEffort;
  /** Defaults to the model's maxOutput. */
  maxOutputTokens?: number;
  /** Stable key for vendor prompt caching (OpenAI `prompt_cache_key`); the session id. */
  cacheKey?: string;
}

export type ProviderErrorKind =
  | "auth"
  | "rate_limit"
  | "overloaded"
  | "server"
  | "network"
  | "bad_request"
  | "context_overflow"
  | "not_found"
  | "aborted"
  | "protocol"
  /** The server stopped talking: no first byte, or a silent gap mid-stream (stream-timeouts.ts). */
  | "timeout";

export interface ProviderError {
  kind: ProviderErrorKind;
  /** HTTP status, when there was one. */
  status?: number;
  /** Human-readable, secret-free; says what to do next (e.g. which env var to set). */
  message: string;
  /** 429, 5xx, overloaded and network errors before any output was produced. */
  retryable: boolean;
  /** Seconds, from a `retry-after` header or the vendor's error body. */
  retryAfter?: number;
}

/**
 * Normalized stream events. A stream always ends with exactly one `done` or `error`; it never throws.
 * `index` is the content-block index in the final message.
 */
export type StreamEvent =
  | { type: "text_delta"; index: number; delta: string }
  | { type: "thinking_delta"; index: number; delta: string }
  | { type: "tool_call_start"; index: number; id: string; name: string }
  | { type: "tool_call_delta"; index: number; delta: string }
  | { type: "tool_call_end"; index: number; call: ToolCallBlock }
  /** Emitted by the retry wrapper before sleeping; the stream then starts over. */
  | { type: "retry"; attempt: number; delayMs: number; error: ProviderError }
  | { type: "done"; message: AssistantMessage }
  | { type: "error"; message: AssistantMessage; error: ProviderError };

/** A client for one wire protocol. */
export interface ProviderClient {
  readonly protocol: ProtocolId;
  /** Never throws and never rejects: failures end the stream with an `error` event. */
  stream(request: ModelRequest): AsyncIterable<StreamEvent>;
}

/** What every client factory takes. */
export interface ProviderClientOptions {
  /** Base URL including any version path the vendor uses, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Undefined for keyless local servers. Never logged. */
  apiKey?: string;
  /** Name of the env var the key came from, to name it in auth errors. */
  apiKeyEnv?: string;
  headers?: Record<string, string>;
  /** The HTTP client; the global fetch fits. Default: a POST over node:http (node-http.ts), which spares loading undici. */
  fetch?: typeof fetch;
  /** How long to wait on a silent server; defaults in stream-timeouts.ts (`timeoutDefaults`). */
  timeouts?: StreamTimeouts;
  /**
   * Called each time a request (every attempt of it) has been written: with the default HTTP client once its
   * body is handed to the OS, with a custom `fetch` once the fetch settles (the earliest point known to be after
   * the write). Work that should overlap the model's answer but must not delay the request starts here. Default
   * none.
   */
  onRequestWritten?: () => void;
}

/** Limits on a silent server, per attempt. See stream-timeouts.ts for the defaults and why. */
export interface StreamTimeouts {
  /**
   * From sending the request to the first byte of the response body. Headers alone do not count: a server
   * that sends headers and then nothing is as stuck as one that sends nothing. Default 90_000 ms.
   */
  firstByteMs?: number;
  /** Between two chunks of the body once it started; any bytes count (SSE comments, pings). Default 300_000 ms. */
  idleMs?: number;
}
