/**
 * The HTTP half every streaming client shares: POST a JSON body, get an SSE body back or a classified
 * {@link ProviderError}. Never throws.
 */
import {
  abortedError,
  type ErrorContext,
  errorFromResponse,
  errorFromStreamPayload,
  isAbortError,
  networkError,
} from "./http-errors.ts";
import { createStreamBuilder, type StreamBuilder } from "./stream-builder.ts";
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
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    const init: RequestInit = { method: "POST", headers, body: JSON.stringify(body) };
    if (signal) init.signal = signal;
    response = await doFetch(url, init);
  } catch (err) {
    return { ok: false, error: failureOf(err, signal, ctx) };
  }
  if (!response.ok) {
    let text = "";
    try {
      text = (await response.text()).slice(0, maxErrorBody);
    } catch {
      // The body is only decoration for the message; the status says enough.
    }
    return { ok: false, error: errorFromResponse(response, text, ctx) };
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.includes("application/json")) return jsonInsteadOfStream(response, ctx);
  if (!response.body) {
    return {
      ok: false,
      error: {
        kind: "protocol",
        message: `${ctx.providerLabel} sent an empty response body.`,
        retryable: true,
      },
    };
  }
  return { ok: true, body: response.body };
}

/**
 * A 200 with a JSON body where a stream was asked for: some proxies and local servers report errors this way,
 * others ignore `stream: true`. Either way there is no stream to read.
 */
async function jsonInsteadOfStream(response: Response, ctx: ErrorContext): Promise<PostResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await response.text()).slice(0, maxErrorBody));
  } catch {
    parsed = undefined;
  }
  const error = parsed && typeof parsed === "object" ? (parsed as { error?: unknown }).error : undefined;
  if (error && typeof error === "object") {
    return { ok: false, error: errorFromStreamPayload(error as Record<string, unknown>, ctx) };
  }
  if (typeof error === "string") return { ok: false, error: errorFromStreamPayload({ message: error }, ctx) };
  return {
    ok: false,
    error: {
      kind: "protocol",
      message: `${ctx.providerLabel} answered with JSON instead of an event stream. Check that the server supports streaming (stream: true) on this endpoint.`,
      retryable: false,
    },
  };
}

/** A thrown fetch/read failure: aborted when the caller's signal fired, else a network error. */
export function failureOf(err: unknown, signal: AbortSignal | undefined, ctx: ErrorContext): ProviderError {
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
        message: `Could not build the request: ${String(err)}`,
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
