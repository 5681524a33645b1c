/**
 * Anthropic Messages client (`POST {baseUrl}/v1/messages`, streaming; baseUrl like `https://api.anthropic.com`,
 * as in ANTHROPIC_BASE_URL). Thin: global fetch + readSse. Thinking signatures and redacted thinking are kept
 * in `ThinkingBlock.vendor` so the next request can send them back.
 */
import type { Usage } from "../protocol/usage.ts";
import { buildAnthropicMessagesBody } from "./anthropic-messages-body.ts";
import { parseEventJson } from "./event-json.ts";
import { type ErrorContext, errorFromStreamPayload } from "./http-errors.ts";
import { cutOff, failureOf, openStream } from "./post-stream.ts";
import { readSse } from "./sse.ts";
import { normalizeCallId, type StreamBuilder } from "./stream-builder.ts";
import type {
  ModelRequest,
  ProviderClient,
  ProviderClientOptions,
  ProviderError,
  StopReason,
  StreamEvent,
  VendorState,
} from "./types.ts";

export {
  anthropicAdaptiveEfforts,
  anthropicThinkingBudgets,
  buildAnthropicMessagesBody,
} from "./anthropic-messages-body.ts";

/** The API version header; the Messages event format we parse is the one this version defines. */
export const anthropicVersion = "2023-06-01";

interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number } | null;
}

/** `content_block_start.content_block`: text, thinking, redacted_thinking, tool_use, or a type we skip. */
interface ContentBlockStart {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  data?: string;
  id?: string;
  name?: string;
}

/** `content_block_delta.delta`: text_delta, thinking_delta, signature_delta or input_json_delta. */
interface Delta {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  partial_json?: string;
  stop_reason?: string | null;
}

interface AnthropicEvent {
  type: string;
  index?: number;
  message?: { usage?: AnthropicUsage };
  content_block?: ContentBlockStart;
  delta?: Delta;
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

export function createAnthropicMessagesClient(options: ProviderClientOptions): ProviderClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  return { protocol: "anthropic-messages", stream: (request) => streamMessages(request, options, baseUrl) };
}

/** Per wire content-block index: what it became in our message. */
type OpenBlock = { kind: "text" | "thinking" | "skip" } | { kind: "tool"; index: number };

async function* streamMessages(
  request: ModelRequest,
  options: ProviderClientOptions,
  baseUrl: string,
): AsyncGenerator<StreamEvent, void, undefined> {
  const headers: Record<string, string> = { "anthropic-version": anthropicVersion };
  if (options.apiKey) headers["x-api-key"] = options.apiKey;
  const opened = await openStream({
    protocol: "anthropic-messages",
    request,
    options,
    baseUrl,
    build: buildAnthropicMessagesBody,
    path: "/v1/messages",
    headers,
  });
  if (!opened.ok) {
    yield opened.failure;
    return;
  }
  const { out, ctx, body } = opened;
  const signal = request.signal;
  const blocks = new Map<number, OpenBlock>();
  let stopReason: string | undefined;
  let stopped = false;
  try {
    for await (const sse of readSse(body, signal)) {
      const parsed = parseEventJson<AnthropicEvent>(sse, ctx);
      if (!parsed) continue;
      if (!parsed.ok) {
        yield out.fail(parsed.error);
        return;
      }
      const event = parsed.value;
      switch (event.type) {
        case "message_start":
          if (event.message?.usage) out.usage = mergeUsage(out.usage, event.message.usage);
          break;
        case "content_block_start":
          yield* blockStart(out, blocks, event.index ?? blocks.size, event.content_block);
          break;
        case "content_block_delta": {
          const delta = blockDelta(out, blocks.get(event.index ?? -1), event.delta);
          if (delta) yield delta;
          break;
        }
        case "content_block_stop": {
          const open = blocks.get(event.index ?? -1);
          if (open?.kind === "tool") {
            const end = out.toolCallEnd(open.index);
            if (end) yield end;
          }
          break;
        }
        case "message_delta":
          if (event.delta?.stop_reason) stopReason = event.delta.stop_reason;
          if (event.usage) out.usage = mergeUsage(out.usage, event.usage);
          break;
        case "message_stop":
          stopped = true;
          break;
        case "error":
          yield out.fail(streamError(event.error, ctx));
          return;
        default:
          break; // ping, and event types newer than this client.
      }
      if (stopped) break;
    }
  } catch (err) {
    yield out.fail(failureOf(err, signal, ctx));
    return;
  }
  if (signal?.aborted) {
    yield out.fail(failureOf(undefined, signal, ctx));
    return;
  }
  if (!stopped) {
    yield out.fail(cutOff(ctx));
    return;
  }
  yield* out.endOpenToolCalls();
  if (stopReason === "refusal") {
    yield out.fail({
      kind: "bad_request",
      message: `${ctx.providerLabel}: the model declined to answer (stop_reason refusal). Rephrase the request or switch model.`,
      retryable: false,
    });
    return;
  }
  yield out.done(stopReasonOf(stopReason, out));
}

function* blockStart(
  out: StreamBuilder,
  blocks: Map<number, OpenBlock>,
  wireIndex: number,
  block: ContentBlockStart | undefined,
): Generator<StreamEvent, void, undefined> {
  // Every wire block is its own block here too: two thinking blocks keep their own signatures.
  out.breakBlock();
  if (!block) {
    blocks.set(wireIndex, { kind: "skip" });
    return;
  }
  switch (block.type) {
    case "text":
      blocks.set(wireIndex, { kind: "text" });
      if (block.text) yield out.text(block.text);
      return;
    case "thinking":
      blocks.set(wireIndex, { kind: "thinking" });
      if (block.thinking) yield out.thinking(block.thinking);
      if (block.signature) out.thinkingVendor(signed(block.signature));
      return;
    case "redacted_thinking":
      blocks.set(wireIndex, { kind: "skip" });
      out.thinkingVendor({ protocol: "anthropic-messages", data: { redacted: block.data ?? "" } });
      return;
    case "tool_use": {
      const started = out.toolCallStart(normalizeCallId(block.id), block.name ?? "");
      blocks.set(wireIndex, { kind: "tool", index: started.index });
      yield started.event;
      return;
    }
    default:
      // Server tools, web search results and other block types this client does not model.
      blocks.set(wireIndex, { kind: "skip" });
  }
}

const signed = (signature: string): VendorState => ({ protocol: "anthropic-messages", data: { signature } });

/** One delta → at most one event (no generator per delta: this is the hot path). */
function blockDelta(
  out: StreamBuilder,
  open: OpenBlock | undefined,
  delta: Delta | undefined,
): StreamEvent | undefined {
  if (!open || !delta) return undefined;
  if (delta.type === "text_delta" && open.kind === "text") {
    if (delta.text) return out.text(delta.text);
  } else if (delta.type === "thinking_delta" && open.kind === "thinking") {
    if (delta.thinking) return out.thinking(delta.thinking);
  } else if (delta.type === "signature_delta" && open.kind === "thinking") {
    if (delta.signature) out.thinkingVendor(signed(delta.signature));
  } else if (delta.type === "input_json_delta" && open.kind === "tool") {
    if (delta.partial_json) return out.toolCallDelta(open.index, delta.partial_json);
  }
  return undefined;
}

/** `message_delta` usage is cumulative and may omit counters; a present counter overwrites, never adds. */
function mergeUsage(current: Usage, u: AnthropicUsage): Usage {
  const next = { ...current };
  if (u.input_tokens != null) next.input = u.input_tokens;
  if (u.cache_read_input_tokens != null) next.cached_input = u.cache_read_input_tokens;
  if (u.cache_creation_input_tokens != null) next.cache_write = u.cache_creation_input_tokens;
  if (u.output_tokens != null) next.output = u.output_tokens;
  if (u.output_tokens_details?.thinking_tokens != null)
    next.reasoning = u.output_tokens_details.thinking_tokens;
  return next;
}

function stopReasonOf(
  reason: string | undefined,
  out: StreamBuilder,
): Exclude<StopReason, "error" | "aborted"> {
  switch (reason) {
    case "tool_use":
      return "tool_use";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    default:
      // end_turn, stop_sequence, pause_turn; a tool call without a tool_use reason is still a tool call.
      return out.hasToolCalls() ? "tool_use" : "stop";
  }
}

/** An `event: error` inside a 200 stream: `{type: "overloaded_error" | "api_error" | …, message}`. */
function streamError(error: AnthropicEvent["error"], ctx: ErrorContext): ProviderError {
  const type = error?.type ?? "";
  const payload = { type, message: error?.message ?? "no details" };
  if (type === "overloaded_error") {
    return {
      kind: "overloaded",
      message: `${ctx.providerLabel} is overloaded (overloaded_error mid-stream): ${payload.message}. Retry shortly or switch model.`,
      retryable: true,
    };
  }
  return errorFromStreamPayload(payload, ctx);
}
