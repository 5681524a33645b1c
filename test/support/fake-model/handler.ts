import type { ProtocolId } from "../../../src/providers/types.ts";
import type { ErrorStep, ReplyStep } from "./script.ts";

/** A request the fake server received, as recorded for assertions. */
export interface RecordedRequest {
  protocol: ProtocolId;
  method: string;
  /** Path and query, e.g. `/v1beta/models/gemini-3-pro:streamGenerateContent?alt=sse`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body. */
  body: Record<string, unknown>;
  /** `performance.timeOrigin + performance.now()` when the body had fully arrived. */
  receivedAt: number;
  /** Same clock: when the first byte of the answer was written, and when the answer ended. */
  firstByteAt?: number;
  respondedAt?: number;
}

/** An HTTP answer: for streams, `events` are whole SSE frames (`data: …\n\n`), written one by one. */
export interface RenderedResponse {
  status: number;
  headers: Record<string, string>;
  events: string[];
}

/** One vendor's wire format. Pure: rendering does no I/O; the server writes, delays and drops. */
export interface ProtocolHandler {
  protocol: ProtocolId;
  matches(method: string, pathname: string): boolean;
  renderReply(step: ReplyStep, request: RecordedRequest): RenderedResponse;
  renderError(step: ErrorStep, request: RecordedRequest): RenderedResponse;
}

/** Frames one SSE event. `event` is the SSE event name, for protocols that use them (Anthropic, Responses). */
export function sse(data: unknown, event?: string): string {
  const payload = typeof data === "string" ? data : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ""}data: ${payload}\n\n`;
}

export const sseHeaders = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  connection: "keep-alive",
};
