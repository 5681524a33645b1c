/**
 * The HTTP half every streaming client shares: POST a JSON body, get an SSE body back or a classified
 * {@link ProviderError}. Never throws.
 */

import { messageOf } from "../util/message-of.ts";
import { htmlPageError, looksLikeHtml } from "./html-page.ts";
import {
  abortedError,
  type ErrorContext,
  errorFromResponse,
  errorFromStreamPayload,
  isAbortError,
  networkError,
} from "./http-errors.ts";
import { type HttpClient, type HttpResponse, nodeHttpPost } from "./node-http.ts";
import { createStreamBuilder, type StreamBuilder } from "./stream-builder.ts";
import { createWatchdog, StreamStall, stallError } from "./stream-timeouts.ts";
import type { ModelRequest, ProtocolId, ProviderClientOptions, ProviderError, StreamEvent } from "./types.ts";

export type PostResult = { ok: true; body: ReadableStream<Uint8Array> } | { ok: false; error: ProviderError };

/** Cap on an error body we read, so a misbehaving server cannot make us buffer megabytes. */
const maxErrorBody = 64 * 1024;

export async function postStream(
  url: string,
  body: unknown,
  options: ProviderClientOptions,
  ctx: ErrorContext,
  signal: AbortSignal | undefined,
  extraHeaders: Record<string, string> = {},
): Promise<PostResult> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "text/event-stream",
    ...extraHeaders,
    ...options.headers,
  };
  // Not the global fetch by default: undici costs every start ~100 ms and 12–14 MB (node-http.ts).
  const written = options.onRequestWritten;
  const custom = options.fetch;
  const post: HttpClient = custom
    ? (target, init) => (written ? custom(target, init).finally(written) : custom(target, init))
    : (target, init) => nodeHttpPost(target, written ? { ...init, onWritten: written } : init);
  // Bounds the wait for the first byte and then between chunks; the body it returns keeps it running.
  const watchdog = createWatchdog(options.timeouts, signal);
  const fail = (error: ProviderError): PostResult => {
    watchdog.stop();
    return { ok: false, error };
  };
  let response: HttpResponse;
  try {
    response = await post(url, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: watchdog.signal,
    });
  } catch (err) {
    return fail(failureOf(watchdog.stall ?? err, signal, ctx));
  }
  // The body is only decoration for the message; the status says enough when it cannot be read.
  if (!response.ok) return fail(errorFromResponse(response, await bodyText(response), ctx));
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.includes("application/json")) return fail(await jsonInsteadOfStream(response, ctx));
  if (contentType.includes("text/html")) return fail(htmlPageError(await bodyText(response), ctx));
  if (!response.body) {
    return fail({
      kind: "protocol",
      message: `${ctx.providerLabel} sent an empty response body.`,
      retryable: true,
    });
  }
  const watched = watchdog.watch(response.body);
  if (contentType.includes("text/event-stream")) return { ok: true, body: watched };
  // No type, or a generic one: a stream some servers mislabel, or a page served as text. The first chunk tells.
  return sniffed(watched, signal, ctx);
}

/** Reads the body's first chunk: HTML ends the request with what the page is; anything else streams on. */
async function sniffed(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
  ctx: ErrorContext,
): Promise<PostResult> {
  const reader = body.getReader();
  let first: Awaited<ReturnType<typeof reader.read>>;
  try {
    first = await reader.read();
  } catch (err) {
    return { ok: false, error: failureOf(err, signal, ctx) };
  }
  const decoder = new TextDecoder();
  const start = first.done ? "" : decoder.decode(first.value, { stream: true });
  if (looksLikeHtml(start)) {
    let page = start;
    try {
      while (page.length < maxErrorBody) {
        const next = await reader.read();
        if (next.done) break;
        page += decoder.decode(next.value, { stream: true });
      }
    } catch {
      // What arrived is enough to name the page.
    }
    reader.cancel().catch(() => {});
    return { ok: false, error: htmlPageError(page, ctx) };
  }
  const rest = new ReadableStream<Uint8Array>(
    {
      start(out) {
        if (first.done) out.close();
        else out.enqueue(first.value);
      },
      async pull(out) {
        try {
          const next = await reader.read();
          if (next.done) out.close();
          else out.enqueue(next.value);
        } catch (err) {
          out.error(err);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { ok: true, body: rest };
}

/** At most {@link maxErrorBody} of a body that is only read to be quoted; "" when it cannot be read. */
async function bodyText(response: HttpResponse): Promise<string> {
  try {
    return (await response.text()).slice(0, maxErrorBody);
  } catch {
    return "";
  }
}

/**
 * A 200 with a JSON body where a stream was asked for: some proxies and local servers report errors this way,
 * others ignore `stream: true`. Either way there is no stream to read.
 */
async function jsonInsteadOfStream(response: HttpResponse, ctx: ErrorContext): Promise<ProviderError> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await response.text()).slice(0, maxErrorBody));
  } catch {
    parsed = undefined;
  }
  const error = parsed && typeof parsed === "object" ? (parsed as { error?: unknown }).error : undefined;
  if (error && typeof error === "object")
    return errorFromStreamPayload(error as Record<string, unknown>, ctx);
  if (typeof error === "string") return errorFromStreamPayload({ message: error }, ctx);
  return {
    kind: "protocol",
    message: `${ctx.providerLabel} answered with JSON instead of an event stream. Check that the server supports streaming (stream: true) on this endpoint.`,
    retryable: false,
  };
}

/** A thrown fetch/read failure: a stall (stream-timeouts.ts), aborted when the caller's signal fired, else a network error. */
export function failureOf(err: unknown, signal: AbortSignal | undefined, ctx: ErrorContext): ProviderError {
  if (err instanceof StreamStall && !signal?.aborted) return stallError(err, ctx);
  if (signal?.aborted || isAbortError(err)) return abortedError();
  return networkError(err, ctx);
}

/** The stream ended without the vendor's final event: retryable, as nothing says the answer was complete. */
export function cutOff(ctx: ErrorContext, what = "the answer finished"): ProviderError {
  return {
    kind: "network",
    message: `${ctx.providerLabel} closed the stream before ${what}.`,
    retryable: true,
  };
}

/** `provider (baseUrl)`: how messages name who answered. */
export function providerLabel(provider: string, baseUrl: string): string {
  return `${provider} (${baseUrl})`;
}

export interface OpenStreamSpec {
  protocol: ProtocolId;
  request: ModelRequest;
  options: ProviderClientOptions;
  /** Without a trailing slash. */
  baseUrl: string;
  /** The vendor's request body; a throw becomes a `bad_request` failure. */
  build(request: ModelRequest): unknown;
  /** Path and query after `baseUrl`. */
  path: string;
  /** Auth and vendor headers. */
  headers: Record<string, string>;
}

export type OpenedStream =
  | { ok: true; out: StreamBuilder; ctx: ErrorContext; body: ReadableStream<Uint8Array> }
  | { ok: false; failure: StreamEvent };

/**
 * Everything before the first SSE event, the same for every protocol: error context (with the key, so it is
 * scrubbed from messages), the message builder, the body, the POST. Never throws.
 */
export async function openStream(spec: OpenStreamSpec): Promise<OpenedStream> {
  const { request, options } = spec;
  const ctx: ErrorContext = { providerLabel: providerLabel(request.model.provider, spec.baseUrl) };
  if (options.apiKeyEnv) ctx.apiKeyEnv = options.apiKeyEnv;
  if (options.apiKey) ctx.apiKey = options.apiKey;
  const out = createStreamBuilder(request, spec.protocol);
  let body: unknown;
  try {
    body = spec.build(request);
  } catch (err) {
    return {
      ok: false,
      failure: out.fail({
        kind: "bad_request",
        message: `Could not build the request: ${messageOf(err)}`,
        retryable: false,
      }),
    };
  }
  const posted = await postStream(
    `${spec.baseUrl}${spec.path}`,
    body,
    options,
    ctx,
    request.signal,
    spec.headers,
  );
  if (!posted.ok) return { ok: false, failure: out.fail(posted.error) };
  return { ok: true, out, ctx, body: posted.body };
}
