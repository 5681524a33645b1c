/**
 * Google Gemini (`POST /v1beta/models/{model}:streamGenerateContent?alt=sse`): unnamed SSE `data:` events,
 * each a whole `GenerateContentResponse` chunk with one candidate whose parts are thoughts (`thought: true`),
 * text, or complete `functionCall`s (no argument deltas, no ids). The last chunk carries `finishReason` and
 * the full `usageMetadata` (`promptTokenCount` includes `cachedContentTokenCount`; `thoughtsTokenCount` is
 * separate from `candidatesTokenCount`). A thinking model's `thoughtSignature` rides on the first function
 * call, else on the last text part. Errors are `{"error":{code,message,status,details}}`; rate limits say
 * when to retry in a `google.rpc.RetryInfo` detail, not a header. `:generateContent` answers one JSON response.
 */
import {
  type ProtocolHandler,
  type RecordedRequest,
  type RenderedResponse,
  sse,
  sseHeaders,
} from "../handler.ts";
import {
  argumentsText,
  type ErrorStep,
  type FakeToolCall,
  type ReplyStep,
  textChunks,
  usageOf,
} from "../script.ts";

type Part = Record<string, unknown>;

let counter = 0;
const nextResponseId = () => `fakeResp${(++counter).toString(36).padStart(8, "0")}`;

/** The thought signature the fake sends for `reasoning`; base64, as the real API's are. */
export function fakeThoughtSignature(reasoning: string): string {
  return Buffer.from(`sig:${reasoning}`).toString("base64");
}

function modelOf(request: RecordedRequest): string {
  const match = /\/models\/([^:/?]+)/.exec(request.url);
  return match?.[1] ? decodeURIComponent(match[1]) : "gemini-fake";
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Arguments as Gemini's `args` object, or undefined when the scripted text is not JSON (a malformed call). */
function argsOf(call: FakeToolCall): unknown {
  if (typeof call.arguments !== "string") return call.arguments;
  try {
    return JSON.parse(call.arguments);
  } catch {
    return undefined;
  }
}

function usageMetadata(step: ReplyStep): Record<string, unknown> {
  const u = usageOf(step);
  const prompt = u.input + u.cached_input + u.cache_write;
  const thoughts = u.reasoning;
  const candidates = Math.max(0, u.output - thoughts);
  const meta: Record<string, unknown> = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + thoughts,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: prompt }],
  };
  if (u.cached_input > 0) meta.cachedContentTokenCount = u.cached_input;
  if (thoughts > 0) meta.thoughtsTokenCount = thoughts;
  return meta;
}

interface Rendered {
  /** Each inner array is the parts of one streamed chunk. */
  chunks: Part[][];
  finishReason: string;
  finishMessage?: string;
}

function renderParts(step: ReplyStep): Rendered {
  const size = step.chunkSize ?? 8;
  const chunks: Part[][] = [];
  if (step.reasoning) for (const p of pieces(step.reasoning, size)) chunks.push([{ text: p, thought: true }]);
  const texts = textChunks(step);
  for (const text of texts) chunks.push([{ text }]);
  const calls = step.toolCalls ?? [];
  const malformed = calls.find((c) => argsOf(c) === undefined);
  if (malformed) {
    return {
      chunks,
      finishReason: "MALFORMED_FUNCTION_CALL",
      finishMessage: `Malformed function call: print(default_api.${malformed.name}(${argumentsText(malformed)}))`,
    };
  }
  const signature = step.reasoning ? fakeThoughtSignature(step.reasoning) : undefined;
  if (calls.length > 0) {
    const parts = calls.map((call): Part => {
      const functionCall: Record<string, unknown> = { name: call.name, args: argsOf(call) };
      if (call.id) functionCall.id = call.id;
      return { functionCall };
    });
    if (signature && parts[0]) parts[0].thoughtSignature = signature;
    chunks.push(parts);
  } else if (signature) {
    const last = texts.length > 0 ? chunks.at(-1)?.[0] : undefined;
    if (last) last.thoughtSignature = signature;
    else chunks.push([{ text: "", thoughtSignature: signature }]);
  }
  return { chunks, finishReason: step.stopReason === "length" ? "MAX_TOKENS" : "STOP" };
}

function candidate(parts: Part[], finish?: Rendered): Record<string, unknown> {
  const c: Record<string, unknown> = { content: { parts, role: "model" }, index: 0 };
  if (finish) {
    c.finishReason = finish.finishReason;
    if (finish.finishMessage) c.finishMessage = finish.finishMessage;
  }
  return c;
}

function renderStream(step: ReplyStep, request: RecordedRequest): RenderedResponse {
  const model = modelOf(request);
  const responseId = nextResponseId();
  const rendered = renderParts(step);
  const meta = usageMetadata(step);
  const partial = { promptTokenCount: meta.promptTokenCount, totalTokenCount: meta.promptTokenCount };
  const events: string[] = [];
  const chunks = rendered.chunks;
  const finishedInLast = !step.streamError && rendered.finishReason !== "MALFORMED_FUNCTION_CALL";
  chunks.forEach((parts, i) => {
    const last = finishedInLast && i === chunks.length - 1;
    events.push(
      sse({
        candidates: [candidate(parts, last ? rendered : undefined)],
        usageMetadata: last ? meta : partial,
        modelVersion: model,
        responseId,
      }),
    );
  });
  if (step.streamError) {
    const error =
      step.streamError === "overloaded"
        ? { code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" }
        : { code: 500, message: "An internal error has occurred. Please retry.", status: "INTERNAL" };
    events.push(sse({ error }));
  } else if (!finishedInLast || chunks.length === 0) {
    const c: Record<string, unknown> = { content: { parts: [], role: "model" }, index: 0 };
    c.finishReason = rendered.finishReason;
    if (rendered.finishMessage) c.finishMessage = rendered.finishMessage;
    events.push(sse({ candidates: [c], usageMetadata: meta, modelVersion: model, responseId }));
  }
  return { status: 200, headers: { ...sseHeaders }, events };
}

/** Non-streaming `:generateContent`: the same parts, adjacent text and thoughts joined, in one response. */
function renderWhole(step: ReplyStep, request: RecordedRequest): RenderedResponse {
  const rendered = renderParts(step);
  const parts: Part[] = [];
  for (const part of rendered.chunks.flat()) {
    const prev = parts.at(-1);
    const joinable =
      prev &&
      typeof part.text === "string" &&
      typeof prev.text === "string" &&
      prev.thought === part.thought &&
      prev.thoughtSignature === undefined;
    if (joinable) {
      prev.text = `${prev.text as string}${part.text as string}`;
      if (part.thoughtSignature) prev.thoughtSignature = part.thoughtSignature;
    } else parts.push({ ...part });
  }
  const body = {
    candidates: [candidate(parts, rendered)],
    usageMetadata: usageMetadata(step),
    modelVersion: modelOf(request),
    responseId: nextResponseId(),
  };
  return {
    status: 200,
    headers: { "content-type": "application/json; charset=UTF-8" },
    events: [JSON.stringify(body)],
  };
}

interface GoogleErrorShape {
  code: number;
  status: string;
  message: string;
  details?: Record<string, unknown>[];
}

function shapeOf(step: ErrorStep): GoogleErrorShape {
  const code = step.status;
  switch (step.errorType ?? defaultType(step.status)) {
    case "rate_limit": {
      const shape: GoogleErrorShape = {
        code,
        status: "RESOURCE_EXHAUSTED",
        message:
          "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
      };
      if (step.retryAfter !== undefined) {
        shape.details = [
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${step.retryAfter}s` },
        ];
      }
      return shape;
    }
    case "overloaded":
      return { code, status: "UNAVAILABLE", message: "The model is overloaded. Please try again later." };
    case "server":
      return {
        code,
        status: "INTERNAL",
        message:
          "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
      };
    case "auth":
      if (code === 403) {
        return {
          code,
          status: "PERMISSION_DENIED",
          message:
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        };
      }
      return {
        code,
        status: code === 401 ? "UNAUTHENTICATED" : "INVALID_ARGUMENT",
        message: "API key not valid. Please pass a valid API key.",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "API_KEY_INVALID",
            domain: "googleapis.com",
            metadata: { service: "generativelanguage.googleapis.com" },
          },
        ],
      };
    case "context_overflow":
      return {
        code,
        status: "INVALID_ARGUMENT",
        message: "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
      };
    default:
      return { code, status: "INVALID_ARGUMENT", message: "Request contains an invalid argument." };
  }
}

function defaultType(status: number): ErrorStep["errorType"] {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limit";
  if (status === 503) return "overloaded";
  if (status >= 500) return "server";
  return "bad_request";
}

function renderError(step: ErrorStep): RenderedResponse {
  const shape = shapeOf(step);
  const error: Record<string, unknown> = {
    code: shape.code,
    message: step.message ?? shape.message,
    status: shape.status,
  };
  if (shape.details) error.details = shape.details;
  return {
    status: step.status,
    headers: { "content-type": "application/json; charset=UTF-8" },
    events: [JSON.stringify({ error })],
  };
}

const streaming = (pathname: string) => pathname.endsWith(":streamGenerateContent");

export const googleGeminiHandler: ProtocolHandler = {
  protocol: "google-gemini",
  matches: (method, pathname) =>
    method === "POST" &&
    pathname.includes("/models/") &&
    (streaming(pathname) || pathname.endsWith(":generateContent")),
  renderReply: (step, request) =>
    streaming(request.url.split("?")[0] ?? "") ? renderStream(step, request) : renderWhole(step, request),
  renderError,
};
