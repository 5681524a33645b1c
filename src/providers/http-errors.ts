/**
 * HTTP failures → {@link ProviderError}, shared by every client. Messages say what happened and what to do
 * next; they quote the vendor's own message but never the API key or the Authorization header.
 */
import { clip } from "../util/clip.ts";
import { looksLikeHtml, titledHtml } from "./html-page.ts";
import type { HttpResponse } from "./node-http.ts";
import type { ProviderError, ProviderErrorKind } from "./types.ts";

export interface ErrorContext {
  /** Who answered, for messages: e.g. `OpenAI (https://api.openai.com/v1)` or the provider id. */
  providerLabel: string;
  /** The env var the key came from, named in auth errors. */
  apiKeyEnv?: string;
  /** The key itself, only so it can be scrubbed from any echoed vendor text. Never printed. */
  apiKey?: string;
}

/** Vendor phrasings of "the prompt is too long" (OpenAI, Anthropic, Gemini, llama.cpp, vLLM, Ollama…). */
const contextOverflowPattern =
  /context[_ ]length[_ ]exceeded|context window|maximum context length|prompt is too long|too many tokens|exceeds the context|input token count.*exceeds|context size|request too large for model|string_above_max_length/i;

/**
 * A 429 that is about money, not speed: OpenAI's `insufficient_quota` code. Only the code, not the wording:
 * Gemini says "exceeded your current quota … billing" for per-minute limits that do pass.
 */
const quotaExhausted = /"insufficient_quota"/;

/** Longest vendor message quoted, so an HTML error page does not flood the terminal. */
const maxQuoted = 500;

/** Builds the error for a non-2xx response. `bodyText` is the response body as read (may be empty). */
export function errorFromResponse(
  response: Pick<HttpResponse, "status" | "headers">,
  bodyText: string,
  ctx: ErrorContext,
): ProviderError {
  const status = response.status;
  const vendor = vendorMessage(bodyText, ctx.apiKey);
  const retryAfter = parseRetryAfter(response.headers, Date.now()) ?? googleRetryDelay(bodyText);
  const kind = classify(status, bodyText);
  const quoted = vendor ? `: ${vendor}` : "";
  const label = ctx.providerLabel;
  const retryable = kind === "rate_limit" || kind === "overloaded" || kind === "server";
  const error: ProviderError = { kind, status, message: "", retryable };
  if (retryAfter !== undefined) error.retryAfter = retryAfter;
  switch (kind) {
    case "auth":
      error.message = ctx.apiKeyEnv
        ? `${label} rejected the API key (HTTP ${status})${quoted}. Check that ${ctx.apiKeyEnv} holds a valid key with access to this model.`
        : `${label} refused the request as unauthorized (HTTP ${status})${quoted}. Configure an API key for this provider (apiKeyEnv).`;
      break;
    case "not_found":
      error.message = `${label} answered 404 Not Found${quoted}. Check the model name and the provider's base URL.`;
      break;
    case "rate_limit":
      if (quotaExhausted.test(bodyText)) {
        // Out of credit: waiting does not help, so retrying would only delay the message.
        error.retryable = false;
        error.message = `${label} refused the request: the account's quota or credit is used up (HTTP 429)${quoted}. Check the plan and billing, or switch provider.`;
        break;
      }
      error.message = `${label} rate limit reached (HTTP 429)${quoted}.${retryAfter !== undefined ? ` Retry after ${retryAfter} s.` : " Wait and retry, or switch model."}`;
      break;
    case "overloaded":
      error.message = `${label} is overloaded (HTTP ${status})${quoted}. Retry shortly or switch model.`;
      break;
    case "server":
      error.message = `${label} server error (HTTP ${status})${quoted}. Retry shortly; if it persists, switch model.`;
      break;
    case "context_overflow":
      error.message = `${label}: the conversation is longer than the model's context window (HTTP ${status})${quoted}. Compact the session or switch to a model with a larger context.`;
      break;
    default:
      error.message = `${label} rejected the request (HTTP ${status})${quoted}.`;
  }
  return error;
}

function classify(status: number, bodyText: string): ProviderErrorKind {
  if (status === 401 || status === 403) return "auth";
  // Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
  if (status === 400 && /API_KEY_INVALID|API key not valid/.test(bodyText)) return "auth";
  if (status === 404) return "not_found";
  if (status === 429) {
    // Some vendors (Anthropic, Gemini) say "overloaded"/"capacity" with 429; OpenAI's quota exhaustion is a
    // 429 too but retrying cannot fix it, still we keep it a rate limit: the message tells the user.
    return "rate_limit";
  }
  if (status === 529 || /overloaded/i.test(bodyText)) return "overloaded";
  if (status >= 500) return "server";
  if ((status === 400 || status === 413 || status === 422) && contextOverflowPattern.test(bodyText)) {
    return "context_overflow";
  }
  if (status === 413) return "context_overflow";
  return "bad_request";
}

/** The vendor's human message from a JSON error body (`{error:{message}}`, `{message}`, `{error:"…"}`), else the text. */
function vendorMessage(bodyText: string, apiKey: string | undefined): string {
  // A proxy's or web server's error page: its title says what it is; its markup would flood the line.
  if (looksLikeHtml(bodyText)) return scrub(`an HTML page${titledHtml(bodyText)}`, apiKey);
  let message = bodyText.trim();
  try {
    const parsed: unknown = JSON.parse(bodyText);
    const found = findMessage(parsed);
    if (found) message = found;
  } catch {
    // Not JSON: quote the raw text.
  }
  message = scrub(message, apiKey).replace(/\s+/g, " ");
  return clip(message, maxQuoted);
}

function findMessage(value: unknown): string | undefined {
  if (Array.isArray(value)) return findMessage(value[0]);
  if (!value || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  const error = record.error;
  if (typeof error === "string") return error;
  if (error && typeof error === "object") {
    const inner = (error as Record<string, unknown>).message;
    if (typeof inner === "string") return inner;
  }
  if (typeof record.message === "string") return record.message;
  if (typeof record.detail === "string") return record.detail;
  return undefined;
}

/** Removes anything that looks like the key or a bearer token from vendor text. */
export function scrub(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join("[redacted]");
  return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, "Bearer [redacted]");
}

/**
 * Seconds to wait, from `retry-after-ms` (OpenAI), `retry-after` as seconds or as an HTTP date. Undefined
 * when absent or unparsable. Fractions are kept (a 0.5 s hint stays 0.5).
 */
export function parseRetryAfter(headers: HttpResponse["headers"], now: number): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value / 1000;
  }
  const raw = headers.get("retry-after");
  if (raw === null) return undefined;
  const seconds = Number(raw);
  if (raw.trim() !== "" && Number.isFinite(seconds)) return seconds >= 0 ? seconds : undefined;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

/**
 * Seconds from a Google `google.rpc.RetryInfo` error detail (`"retryDelay": "37s"`): Gemini says when to
 * retry in the body, not in a header.
 */
export function googleRetryDelay(bodyText: string): number | undefined {
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(bodyText);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** A failure before or during the response body: connection refused, reset, DNS, TLS, … Retryable. */
export function networkError(err: unknown, ctx?: ErrorContext): ProviderError {
  const detail = scrub(describe(err), ctx?.apiKey);
  const label = ctx?.providerLabel ?? "the provider";
  return {
    kind: "network",
    message: `Network error talking to ${label}: ${detail}. Check the connection and the provider's base URL.`,
    retryable: true,
  };
}

/** The request was cancelled by the caller (an interrupt). Not retryable. */
export function abortedError(): ProviderError {
  return { kind: "aborted", message: "Request aborted.", retryable: false };
}

/** The vendor sent something we could not understand, or reported an error inside a 200 stream. */
export function protocolError(message: string, retryable = false): ProviderError {
  return { kind: "protocol", message, retryable };
}

/** True when `err` is (or wraps) an abort: fetch and stream readers raise DOMException AbortError. */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError");
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    // undici hides the real reason (ECONNREFUSED, ECONNRESET, "other side closed") in `cause`.
    const cause = err.cause;
    const causeText = cause instanceof Error ? cause.message : typeof cause === "string" ? cause : undefined;
    const code =
      cause && typeof cause === "object" && "code" in cause && typeof cause.code === "string"
        ? cause.code
        : undefined;
    const parts = [err.message];
    if (causeText && causeText !== err.message) parts.push(causeText);
    if (code && !parts.some((p) => p.includes(code))) parts.push(code);
    return parts.join(": ");
  }
  return String(err);
}

/**
 * An error the vendor reported inside a 200 stream (OpenAI `error` / `response.failed` events, OpenRouter and
 * vLLM `{"error":{…}}` chunks), classified by its code/type since there is no HTTP status.
 */
export function errorFromStreamPayload(
  payload: { code?: unknown; type?: unknown; message?: unknown },
  ctx: ErrorContext,
): ProviderError {
  const codes = [payload.code, payload.type].filter((c): c is string => typeof c === "string" && c !== "");
  const code = codes.join(" ");
  const said = typeof payload.message === "string" && payload.message.trim() ? payload.message : undefined;
  // The code is shown as the vendor's words when there is no message, else after it: both say what to fix.
  const tag = codes.length ? ` (${[...new Set(codes)].join(", ")})` : "";
  const vendor = scrub(said ? `${said}${tag}` : codes.length ? code : "no details", ctx.apiKey);
  const label = ctx.providerLabel;
  if (/insufficient_quota/i.test(code)) {
    // Out of credit, as the HTTP 429 case: waiting does not help, so retrying would only delay the message.
    return {
      kind: "rate_limit",
      message: `${label} refused the request mid-stream: the account's quota or credit is used up: ${vendor}. Check the plan and billing, or switch provider.`,
      retryable: false,
    };
  }
  if (/rate_limit|too_many_requests|quota/i.test(code)) {
    return {
      kind: "rate_limit",
      message: `${label} rate limit reached mid-stream: ${vendor}`,
      retryable: true,
    };
  }
  if (/overloaded|server_is_overloaded|slow_down/i.test(code) || /overloaded/i.test(vendor)) {
    return {
      kind: "overloaded",
      message: `${label} is overloaded: ${vendor}. Retry shortly.`,
      retryable: true,
    };
  }
  if (contextOverflowPattern.test(code) || contextOverflowPattern.test(vendor)) {
    return {
      kind: "context_overflow",
      message: `${label}: the conversation is longer than the model's context window: ${vendor}. Compact the session or switch model.`,
      retryable: false,
    };
  }
  if (/server_error|internal|api_error|timeout/i.test(code)) {
    return {
      kind: "server",
      message: `${label} failed while answering: ${vendor}. Retry shortly.`,
      retryable: true,
    };
  }
  return { kind: "protocol", message: `${label} reported an error mid-stream: ${vendor}`, retryable: false };
}
