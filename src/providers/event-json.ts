/**
 * The JSON of one SSE event. Every protocol we speak sends a JSON object in each `data:` line; anything else
 * (a proxy that garbled the stream, a server speaking another protocol) used to be skipped, splicing the
 * answer together from what was left, or ending it empty and "done". Now it ends the request as a protocol
 * error that quotes the event; the retry wrapper retries it only while nothing from the stream was used.
 */
import { excerpt } from "../util/excerpt.ts";
import type { ErrorContext } from "./http-errors.ts";
import type { SseEvent } from "./sse.ts";
import type { ProviderError } from "./types.ts";

export type ParsedEvent<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

/**
 * Parses `sse.data` as a JSON object. Returns undefined for an event with empty data (a keep-alive: SSE
 * comments never reach here, but some servers send a bare `data:`).
 */
export function parseEventJson<T>(sse: SseEvent, ctx: ErrorContext): ParsedEvent<T> | undefined {
  if (sse.data.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(sse.data);
  } catch {
    return { ok: false, error: malformed(sse, ctx, "is not JSON") };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, error: malformed(sse, ctx, "is not a JSON object") };
  }
  return { ok: true, value: value as T };
}

function malformed(sse: SseEvent, ctx: ErrorContext, what: string): ProviderError {
  const name = sse.event ? ` (event: ${sse.event})` : "";
  return {
    kind: "protocol",
    message: `${ctx.providerLabel} sent a malformed stream event: the data${name} ${what}: ${JSON.stringify(excerpt(sse.data, 60))}. The server, or a proxy between, garbled the stream.`,
    retryable: true,
  };
}
