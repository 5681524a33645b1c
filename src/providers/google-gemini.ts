/**
 * Google Gemini client (`POST {baseUrl}/v1beta/models/{model}:streamGenerateContent?alt=sse`; baseUrl like
 * `https://generativelanguage.googleapis.com`, as in GOOGLE_GEMINI_BASE_URL; key in `x-goog-api-key`). Thin:
 * global fetch + readSse. Each SSE event is a whole `GenerateContentResponse` chunk; thought parts become
 * thinking, function calls arrive whole (ids generated when the server sends none), and `thoughtSignature`s
 * are kept in the block's `vendor` so the next request sends them back on the same part.
 */
import type { Usage } from "../protocol/usage.ts";
import { parseEventJson } from "./event-json.ts";
import { buildGeminiBody, type GeminiPart, type GeminiVendorData } from "./google-gemini-body.ts";
import { type ErrorContext, errorFromStreamPayload } from "./http-errors.ts";
import { cutOff, failureOf, openStream } from "./post-stream.ts";
import { readSse } from "./sse.ts";
import { normalizeCallId, type StreamBuilder } from "./stream-builder.ts";
import type {
  ModelRequest,
  ProviderClient,
  ProviderClientOptions,
  ProviderError,
  StreamEvent,
} from "./types.ts";

export { buildGeminiBody, geminiThinkingBudgets, geminiThinkingLevel } from "./google-gemini-body.ts";

interface GeminiChunk {
  candidates?: { content?: { parts?: GeminiPart[] }; finishReason?: string; finishMessage?: string }[];
  usageMetadata?: {
    promptTokenCount?: number;
    candidatesTokenCount?: number;
    cachedContentTokenCount?: number;
    thoughtsTokenCount?: number;
  };
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  error?: { code?: number; message?: string; status?: string };
}

export function createGoogleGeminiClient(options: ProviderClientOptions): ProviderClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  return { protocol: "google-gemini", stream: (request) => streamGemini(request, options, baseUrl) };
}

/** What the parser is in the middle of, to know when a part starts a new block. */
type Current = "text" | "thinking" | "other";

async function* streamGemini(
  request: ModelRequest,
  options: ProviderClientOptions,
  baseUrl: string,
): AsyncGenerator<StreamEvent, void, undefined> {
  const headers: Record<string, string> = options.apiKey ? { "x-goog-api-key": options.apiKey } : {};
  const opened = await openStream({
    protocol: "google-gemini",
    request,
    options,
    baseUrl,
    build: buildGeminiBody,
    path: `/v1beta/models/${encodeURIComponent(request.model.model)}:streamGenerateContent?alt=sse`,
    headers,
  });
  if (!opened.ok) {
    yield opened.failure;
    return;
  }
  const { out, ctx, body } = opened;
  const signal = request.signal;
  /** Text-block index → its thought signature; the builder has no vendor slot for text, so it is set at the end. */
  const textSignatures = new Map<number, string>();
  const finish = (event: StreamEvent) => withTextSignatures(event, textSignatures);
  let finishReason: string | undefined;
  let finishMessage: string | undefined;
  let blocked: string | undefined;
  const state: { current: Current } = { current: "other" };
  try {
    for await (const sse of readSse(body, signal)) {
      const parsed = parseEventJson<GeminiChunk>(sse, ctx);
      if (!parsed) continue;
      if (!parsed.ok) {
        yield finish(out.fail(parsed.error));
        return;
      }
      const chunk = parsed.value;
      if (chunk.error) {
        yield finish(out.fail(streamError(chunk.error, ctx)));
        return;
      }
      if (chunk.usageMetadata) out.usage = geminiUsage(chunk.usageMetadata);
      if (chunk.promptFeedback?.blockReason) {
        blocked = `${chunk.promptFeedback.blockReason}${chunk.promptFeedback.blockReasonMessage ? `: ${chunk.promptFeedback.blockReasonMessage}` : ""}`;
      }
      const candidate = chunk.candidates?.[0];
      if (!candidate) continue;
      for (const part of candidate.content?.parts ?? []) yield* onPart(out, part, state, textSignatures);
      if (candidate.finishReason) {
        finishReason = candidate.finishReason;
        finishMessage = candidate.finishMessage;
      }
    }
  } catch (err) {
    yield finish(out.fail(failureOf(err, signal, ctx)));
    return;
  }
  if (signal?.aborted) {
    yield finish(out.fail(failureOf(undefined, signal, ctx)));
    return;
  }
  const failure = finishFailure(finishReason, finishMessage, blocked, ctx);
  if (failure) {
    yield finish(out.fail(failure));
    return;
  }
  if (finishReason === "MAX_TOKENS") yield finish(out.done("length"));
  else yield finish(out.done(out.hasToolCalls() ? "tool_use" : "stop"));
}

function* onPart(
  out: StreamBuilder,
  part: GeminiPart,
  state: { current: Current },
  textSignatures: Map<number, string>,
): Generator<StreamEvent, void, undefined> {
  const signature = part.thoughtSignature || undefined;
  if (part.functionCall) {
    state.current = "other";
    const call = part.functionCall;
    const started = out.toolCallStart(normalizeCallId(call.id), call.name ?? "");
    yield started.event;
    const args = JSON.stringify(call.args ?? {});
    yield out.toolCallDelta(started.index, args);
    const end = out.toolCallEnd(started.index);
    if (end?.type !== "tool_call_end") return;
    const data: GeminiVendorData = {};
    if (signature) data.thoughtSignature = signature;
    if (call.id) data.callId = call.id;
    if (Object.keys(data).length > 0) end.call.vendor = { protocol: "google-gemini", data: { ...data } };
    yield end;
    return;
  }
  if (typeof part.text !== "string") return; // inlineData, executable code and other parts we don't model.
  if (part.thought) {
    const starting = state.current !== "thinking";
    state.current = "thinking";
    if (part.text) yield out.thinking(part.text);
    // Marks the block as Gemini's own (so it may go back), and keeps a signature once one arrived.
    if (signature) out.thinkingVendor({ protocol: "google-gemini", data: { thoughtSignature: signature } });
    else if (starting) out.thinkingVendor({ protocol: "google-gemini", data: {} });
    return;
  }
  let event: StreamEvent | undefined;
  if (part.text) {
    event = out.text(part.text);
    yield event;
  } else if (signature) {
    // A signature on an empty part must still go back: it rides on the current text block, or on a silent
    // empty one (no event) when the last block was not text.
    event = out.text("");
  }
  state.current = "text";
  if (signature && event?.type === "text_delta") textSignatures.set(event.index, signature);
}

function withTextSignatures(event: StreamEvent, signatures: Map<number, string>): StreamEvent {
  if ((event.type !== "done" && event.type !== "error") || signatures.size === 0) return event;
  for (const [index, thoughtSignature] of signatures) {
    const block = event.message.content[index];
    if (block?.type === "text") block.vendor = { protocol: "google-gemini", data: { thoughtSignature } };
  }
  return event;
}

/** `promptTokenCount` includes cached tokens; thoughts are counted apart from the candidates. */
function geminiUsage(u: NonNullable<GeminiChunk["usageMetadata"]>): Usage {
  const prompt = u.promptTokenCount ?? 0;
  const cached = u.cachedContentTokenCount ?? 0;
  const thoughts = u.thoughtsTokenCount ?? 0;
  return {
    input: Math.max(0, prompt - cached),
    cached_input: cached,
    cache_write: 0,
    output: (u.candidatesTokenCount ?? 0) + thoughts,
    reasoning: thoughts,
  };
}

function finishFailure(
  reason: string | undefined,
  detail: string | undefined,
  blocked: string | undefined,
  ctx: ErrorContext,
): ProviderError | undefined {
  const label = ctx.providerLabel;
  if (blocked) {
    return {
      kind: "bad_request",
      message: `${label} blocked the prompt (${blocked}). Rephrase the request or switch model.`,
      retryable: false,
    };
  }
  const said = detail ? `: ${detail}` : "";
  switch (reason) {
    case undefined:
      return cutOff(ctx);
    case "STOP":
    case "MAX_TOKENS":
    case "FINISH_REASON_UNSPECIFIED":
      return undefined;
    case "MALFORMED_FUNCTION_CALL":
    case "UNEXPECTED_TOOL_CALL":
    case "TOO_MANY_TOOL_CALLS":
      // The model's own slip, not the request's: a fresh sample usually gets it right.
      return {
        kind: "protocol",
        message: `${label} produced an unusable tool call (finishReason ${reason}${said}). Retrying usually helps.`,
        retryable: true,
      };
    default:
      // SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, LANGUAGE, OTHER, …
      return {
        kind: "bad_request",
        message: `${label} stopped the answer (finishReason ${reason}${said}); the partial answer is kept. Rephrase the request or switch model.`,
        retryable: false,
      };
  }
}

/** A `{"error":{code,message,status}}` chunk inside a 200 stream. */
function streamError(error: NonNullable<GeminiChunk["error"]>, ctx: ErrorContext): ProviderError {
  const message = error.message ?? "no details";
  const label = ctx.providerLabel;
  switch (error.status) {
    case "RESOURCE_EXHAUSTED":
      return {
        kind: "rate_limit",
        message: `${label} rate limit reached mid-stream: ${message}`,
        retryable: true,
      };
    case "UNAVAILABLE":
      return {
        kind: "overloaded",
        message: `${label} is unavailable: ${message} Retry shortly.`,
        retryable: true,
      };
    case "INTERNAL":
    case "DEADLINE_EXCEEDED":
      return {
        kind: "server",
        message: `${label} failed while answering: ${message} Retry shortly.`,
        retryable: true,
      };
    default:
      return errorFromStreamPayload({ type: error.status, message }, ctx);
  }
}
