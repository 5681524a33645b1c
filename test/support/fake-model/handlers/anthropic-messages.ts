/**
 * Anthropic Messages streaming (`POST /v1/messages`): named SSE events. `message_start` carries the input
 * usage, each content block (thinking, text, tool_use) is opened by `content_block_start`, filled by
 * `content_block_delta`s and closed by `content_block_stop`; `message_delta` carries the stop reason and the
 * output usage, `message_stop` ends the stream. Errors are `{"type":"error","error":{type,message}}`, with 529
 * for `overloaded_error`, and the same body as an `event: error` inside a 200 stream.
 */
import {
  type ProtocolHandler,
  type RecordedRequest,
  type RenderedResponse,
  sse,
  sseHeaders,
} from "../handler.ts";
import { argumentsText, type ErrorStep, type ReplyStep, textChunks, usageOf } from "../script.ts";

let counter = 0;
const nextId = (prefix: string) => `${prefix}01${(++counter).toString(36).padStart(22, "0")}`;

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** A signature the client must send back verbatim; derived from the text so tests can recognize it. */
export function fakeThinkingSignature(thinking: string): string {
  return `EqQBfake${Buffer.from(thinking).toString("base64")}`;
}

function renderReply(step: ReplyStep, request: RecordedRequest): RenderedResponse {
  const model = typeof request.body.model === "string" ? request.body.model : "claude-fake";
  const u = usageOf(step);
  const events: string[] = [];
  const emit = (type: string, payload: Record<string, unknown> = {}) => {
    events.push(sse({ type, ...payload }, type));
  };
  emit("message_start", {
    message: {
      id: nextId("msg_"),
      type: "message",
      role: "assistant",
      content: [],
      model,
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: u.input,
        cache_creation_input_tokens: u.cache_write,
        cache_read_input_tokens: u.cached_input,
        output_tokens: 1,
        service_tier: "standard",
      },
    },
  });
  emit("ping");
  const size = step.chunkSize ?? 8;
  let index = 0;

  if (step.reasoning) {
    emit("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } });
    for (const p of pieces(step.reasoning, size)) {
      emit("content_block_delta", { index, delta: { type: "thinking_delta", thinking: p } });
    }
    const signature = fakeThinkingSignature(step.reasoning);
    emit("content_block_delta", { index, delta: { type: "signature_delta", signature } });
    emit("content_block_stop", { index });
    index++;
  }

  const chunks = textChunks(step);
  if (chunks.length > 0) {
    emit("content_block_start", { index, content_block: { type: "text", text: "" } });
    for (const text of chunks) emit("content_block_delta", { index, delta: { type: "text_delta", text } });
    emit("content_block_stop", { index });
    index++;
  }

  for (const call of step.toolCalls ?? []) {
    const id = call.id ?? nextId("toolu_");
    emit("content_block_start", {
      index,
      content_block: { type: "tool_use", id, name: call.name, input: {} },
    });
    // The real API opens every tool input with an empty partial_json.
    emit("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: "" } });
    for (const p of pieces(argumentsText(call), Math.max(size, 16))) {
      emit("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: p } });
    }
    emit("content_block_stop", { index });
    index++;
  }

  if (step.streamError) {
    const error =
      step.streamError === "overloaded"
        ? { type: "overloaded_error", message: "Overloaded" }
        : { type: "api_error", message: "Internal server error" };
    emit("error", { error });
    return { status: 200, headers: { ...sseHeaders, "request-id": nextId("req_") }, events };
  }

  const stopReason =
    step.stopReason === "length" ? "max_tokens" : step.toolCalls?.length ? "tool_use" : "end_turn";
  const deltaUsage: Record<string, unknown> = {
    input_tokens: u.input,
    cache_creation_input_tokens: u.cache_write,
    cache_read_input_tokens: u.cached_input,
    output_tokens: u.output,
  };
  if (u.reasoning > 0) deltaUsage.output_tokens_details = { thinking_tokens: u.reasoning };
  emit("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: deltaUsage });
  emit("message_stop");
  return { status: 200, headers: { ...sseHeaders, "request-id": nextId("req_") }, events };
}

interface AnthropicErrorShape {
  type: string;
  message: string;
}

function shapeOf(step: ErrorStep): AnthropicErrorShape {
  switch (step.errorType ?? defaultType(step.status)) {
    case "rate_limit":
      return {
        type: "rate_limit_error",
        message:
          "This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.",
      };
    case "overloaded":
      return { type: "overloaded_error", message: "Overloaded" };
    case "server":
      return { type: "api_error", message: "Internal server error" };
    case "auth":
      return step.status === 403
        ? {
            type: "permission_error",
            message: "Your API key does not have permission to use the specified resource.",
          }
        : { type: "authentication_error", message: "invalid x-api-key" };
    case "context_overflow":
      return { type: "invalid_request_error", message: "prompt is too long: 215304 tokens > 200000 maximum" };
    default:
      return { type: "invalid_request_error", message: "messages: at least one message is required" };
  }
}

function defaultType(status: number): ErrorStep["errorType"] {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limit";
  if (status === 529) return "overloaded";
  if (status >= 500) return "server";
  return "bad_request";
}

function renderError(step: ErrorStep): RenderedResponse {
  const shape = shapeOf(step);
  const requestId = nextId("req_");
  const headers: Record<string, string> = { "content-type": "application/json", "request-id": requestId };
  if (step.retryAfter !== undefined) headers["retry-after"] = String(step.retryAfter);
  const body = {
    type: "error",
    error: { type: shape.type, message: step.message ?? shape.message },
    request_id: requestId,
  };
  return { status: step.status, headers, events: [JSON.stringify(body)] };
}

export const anthropicMessagesHandler: ProtocolHandler = {
  protocol: "anthropic-messages",
  matches: (method, pathname) => method === "POST" && pathname.endsWith("/v1/messages"),
  renderReply,
  renderError,
};
