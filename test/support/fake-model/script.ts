/**
 * What a test scripts the fake model server to answer, one step per model request, protocol-neutral.
 * Each protocol handler renders a step in its vendor's real wire format.
 */

export interface FakeToolCall {
  /** Defaults to a vendor-shaped id (`call_…`, `toolu_…`, …). */
  id?: string;
  name: string;
  /** An object is sent as JSON; a string is sent verbatim (use it for malformed JSON). */
  arguments: Record<string, unknown> | string;
}

export interface FakeUsage {
  input: number;
  cached_input: number;
  cache_write: number;
  output: number;
  reasoning: number;
}

export interface ReplyStep {
  kind: "reply";
  /** Assistant text, streamed in `chunkSize` pieces (or exactly as `chunks` when given). */
  text?: string;
  chunks?: string[];
  /** Characters per text delta. Default 8. */
  chunkSize?: number;
  /** Visible reasoning streamed before the text (as the vendor's reasoning/thinking/thought parts). */
  reasoning?: string;
  /** Tool calls after the text; several means parallel tool calls in one response. */
  toolCalls?: FakeToolCall[];
  /** Usage reported at the end. Defaults to small non-zero numbers. */
  usage?: Partial<FakeUsage>;
  /** `length` renders the vendor's max-tokens stop reason. Default `stop` (or tool use when tools are called). */
  stopReason?: "stop" | "length";
  /** Milliseconds to wait between SSE events (slow streams). Default 0. */
  delayMs?: number;
  /**
   * Pace the stream at this many SSE events per second, counting each event as one token (give `chunks` one
   * token each and this is tokens per second). Events are written by an absolute schedule, whatever is due
   * at each timer tick in one write (as a fast vendor's stream arrives several events per TCP read), so
   * timer jitter does not slow the rate. Wins over `delayMs`; ignored with `dropAfterEvents`. Default: unpaced.
   */
  tokensPerSecond?: number;
  /** Destroy the connection after this many SSE events have been written (a stream dropped mid-way). */
  dropAfterEvents?: number;
  /**
   * Stop writing after this many SSE events and keep the connection open, silent (a server that hangs
   * mid-answer; 0 = headers, then nothing). Default: never.
   */
  stallAfterEvents?: number;
  /**
   * Write the SSE event at this index (0-based) with its `data:` JSON cut in half, as a proxy that loses
   * part of a frame would; the events after it follow as usual. Default: none.
   */
  garbleEvent?: number;
  /**
   * End the 200 stream with the vendor's in-stream error after the content, instead of finishing normally
   * (Anthropic `event: error` with `overloaded_error`/`api_error`, Gemini `{"error":{…}}` chunk). Optional
   * per handler; handlers that don't render it ignore it. `quota` is OpenAI Responses' `insufficient_quota`
   * `error` event in the nested shape the service really sends (other handlers render it as `server`).
   */
  streamError?: "overloaded" | "server" | "quota";
}

export interface ErrorStep {
  kind: "error";
  status: number;
  /** Sent as the `retry-after` header (seconds). */
  retryAfter?: number;
  /** Rendered as the vendor's error body; `overloaded` is Anthropic's 529 `overloaded_error`. */
  errorType?: "rate_limit" | "overloaded" | "server" | "auth" | "bad_request" | "context_overflow";
  message?: string;
}

/** Accept the request and never answer (for interrupt and timeout tests). */
export interface HangStep {
  kind: "hang";
}

/** A 200 `text/html` page instead of the API (a captive portal, a base URL pointing at a website). */
export interface PageStep {
  kind: "page";
  html: string;
}

export type ScriptStep = ReplyStep | ErrorStep | HangStep | PageStep;

export const defaultUsage: FakeUsage = {
  input: 100,
  cached_input: 0,
  cache_write: 0,
  output: 20,
  reasoning: 0,
};

export function usageOf(step: ReplyStep): FakeUsage {
  return { ...defaultUsage, ...step.usage };
}

/** The text deltas of a step, as the handler must stream them. */
export function textChunks(step: ReplyStep): string[] {
  if (step.chunks) return step.chunks;
  const text = step.text ?? "";
  const size = step.chunkSize ?? 8;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Tool-call argument text as it goes on the wire. */
export function argumentsText(call: FakeToolCall): string {
  return typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
}
