/**
 * Retries a provider request that failed before producing anything. Once text, thinking or a tool call has
 * been yielded, a failure ends the stream (the partial message is kept in the `error` event) instead of a
 * retry: a replay would show the user duplicated output, and the model may answer differently the second time.
 */
import { abortedError } from "./http-errors.ts";
import type { AssistantMessage, ModelRequest, ProviderClient, ProviderError, StreamEvent } from "./types.ts";
import { emptyUsage } from "./usage.ts";

export interface RetryOptions {
  /** Retries after the first attempt. Default 4 (five attempts in all). */
  maxRetries?: number;
  /** Delay before the first retry; doubles each time. Default 500 ms. */
  baseDelayMs?: number;
  /** Upper bound of any computed delay and of a vendor's `retryAfter`. Default 30_000 ms. */
  maxDelayMs?: number;
  /** Waits `ms` or rejects when `signal` aborts. Default: a timer. Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Returns a number in [0, 1) for jitter. Default Math.random. */
  random?: () => number;
}

export const retryDefaults = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 } as const;

/** Delay before retry number `attempt` (1-based): the vendor's hint when given, else backoff with jitter. */
export function retryDelayMs(
  attempt: number,
  error: ProviderError,
  options: Required<Pick<RetryOptions, "baseDelayMs" | "maxDelayMs" | "random">>,
): number {
  if (error.retryAfter !== undefined) return Math.min(options.maxDelayMs, Math.ceil(error.retryAfter * 1000));
  const exp = options.baseDelayMs * 2 ** (attempt - 1);
  // Full jitter in the upper half: spreads clients apart without ever retrying immediately.
  const jittered = exp / 2 + (options.random() * exp) / 2;
  return Math.min(options.maxDelayMs, Math.round(jittered));
}

export function withRetry(client: ProviderClient, options: RetryOptions = {}): ProviderClient {
  const maxRetries = options.maxRetries ?? retryDefaults.maxRetries;
  const delay = {
    baseDelayMs: options.baseDelayMs ?? retryDefaults.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? retryDefaults.maxDelayMs,
    random: options.random ?? Math.random,
  };
  const sleep = options.sleep ?? defaultSleep;

  async function* stream(request: ModelRequest): AsyncGenerator<StreamEvent, void, undefined> {
    for (let attempt = 0; ; attempt++) {
      let produced = false;
      let failure: Extract<StreamEvent, { type: "error" }> | undefined;
      for await (const event of client.stream(request)) {
        if (event.type === "error") {
          failure = event;
          break;
        }
        if (event.type !== "retry" && event.type !== "done") produced = true;
        yield event;
        if (event.type === "done") return;
      }
      if (!failure) return; // The inner client broke its contract (no terminal event); nothing more to do.
      const retry = !produced && failure.error.retryable && attempt < maxRetries && !request.signal?.aborted;
      if (!retry) {
        yield attempt > 0 ? withAttempts(failure, attempt) : failure;
        return;
      }
      const delayMs = retryDelayMs(attempt + 1, failure.error, delay);
      yield { type: "retry", attempt: attempt + 1, delayMs, error: failure.error };
      try {
        await sleep(delayMs, request.signal);
      } catch {
        yield abortedDuringSleep(request, failure.message);
        return;
      }
      if (request.signal?.aborted) {
        yield abortedDuringSleep(request, failure.message);
        return;
      }
    }
  }

  return { protocol: client.protocol, stream };
}

/** Says how many retries were spent, so "rate limit reached" is not mistaken for a first try. */
function withAttempts(failure: Extract<StreamEvent, { type: "error" }>, retries: number): StreamEvent {
  const note = ` (failed after ${retries} ${retries === 1 ? "retry" : "retries"})`;
  const error = { ...failure.error, message: `${failure.error.message}${note}` };
  return { type: "error", error, message: { ...failure.message, errorMessage: error.message } };
}

function abortedDuringSleep(request: ModelRequest, last: AssistantMessage): StreamEvent {
  const message: AssistantMessage = {
    role: "assistant",
    content: [],
    model: last.model || request.model.id,
    protocol: last.protocol,
    usage: emptyUsage(),
    stopReason: "aborted",
    errorMessage: "Request aborted while waiting to retry.",
  };
  return { type: "error", message, error: abortedError() };
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
