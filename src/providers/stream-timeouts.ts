/**
 * How long a client waits on a server that stopped talking. Without these, Node's fetch waits 300 s for the
 * headers and 300 s between body chunks, silently, on every attempt. A stall becomes a retryable `timeout`
 * error, so the retry wrapper shows it as a `retry` event and tries again while nothing was used yet.
 */
import type { ErrorContext } from "./http-errors.ts";
import type { ProviderError, StreamTimeouts } from "./types.ts";

/**
 * Vendor APIs send headers and their first event within seconds (`response.created`, `message_start`, the
 * role chunk), even before a reasoning model thinks; the slow first bytes are local servers loading a model
 * or reading a long prompt, which take tens of seconds on a GPU. 90 s covers them and cuts a dead server's
 * wait from 300 s. Between events a reasoning model may be silent for minutes while it thinks (others
 * measured 30 s+ gaps on gpt-5, and Codex keeps 300 s for this reason), so the idle limit stays at 300 s;
 * it bounds a stream that stalls mid-answer. Node's fetch gives up at 300 s on its own, hence the cap.
 */
export const timeoutDefaults = { firstByteMs: 90_000, idleMs: 300_000 } as const;

/** Thrown into the body (and the fetch) when a timer fires; {@link stallError} turns it into the message. */
export class StreamStall extends Error {
  readonly phase: "first_byte" | "idle";
  readonly ms: number;
  constructor(phase: "first_byte" | "idle", ms: number) {
    super(`stream stalled (${phase}, ${ms} ms)`);
    this.name = "StreamStall";
    this.phase = phase;
    this.ms = ms;
  }
}

export interface Watchdog {
  /** For fetch: aborts when the caller's signal does or a timer fires. */
  signal: AbortSignal;
  /** Set once a timer fired. */
  readonly stall: StreamStall | undefined;
  /** Wraps the response body: every chunk re-arms the idle timer; a stall errors the stream with the stall. */
  watch(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array>;
  stop(): void;
}

/** Starts the first-byte timer now; call `stop()` (or let the watched body end) on every path. */
export function createWatchdog(timeouts: StreamTimeouts = {}, parent?: AbortSignal): Watchdog {
  const firstByteMs = timeouts.firstByteMs ?? timeoutDefaults.firstByteMs;
  const idleMs = timeouts.idleMs ?? timeoutDefaults.idleMs;
  const controller = new AbortController();
  let stall: StreamStall | undefined;
  let started = false;
  let onStall: (() => void) | undefined;
  const fire = () => {
    stall = new StreamStall(started ? "idle" : "first_byte", started ? idleMs : firstByteMs);
    controller.abort(stall);
    onStall?.();
  };
  let timer = setTimeout(fire, firstByteMs);
  // The socket keeps the process alive while we wait; the timer must not keep it alive after a leak.
  timer.unref();
  const stop = () => clearTimeout(timer);
  const touch = () => {
    if (started) {
      timer.refresh();
      return;
    }
    started = true;
    clearTimeout(timer);
    timer = setTimeout(fire, idleMs);
    timer.unref();
  };
  return {
    signal: parent ? AbortSignal.any([parent, controller.signal]) : controller.signal,
    get stall() {
      return stall;
    },
    stop,
    watch(body) {
      const reader = body.getReader();
      // Cancelling settles a pending read at once, whatever the fetch implementation does with the abort.
      onStall = () => reader.cancel(stall).catch(() => {});
      return new ReadableStream<Uint8Array>(
        {
          async pull(out) {
            let next: Awaited<ReturnType<typeof reader.read>>;
            try {
              next = await reader.read();
            } catch (err) {
              stop();
              out.error(stall ?? err);
              return;
            }
            if (stall) {
              out.error(stall);
            } else if (next.done) {
              stop();
              out.close();
            } else {
              touch();
              out.enqueue(next.value);
            }
          },
          cancel(reason) {
            stop();
            return reader.cancel(reason);
          },
        },
        { highWaterMark: 0 },
      );
    },
  };
}

/** The error a stall ends the request with: retryable, naming the wait and the setting that bounds it. */
export function stallError(stall: StreamStall, ctx: ErrorContext): ProviderError {
  const seconds = formatSeconds(stall.ms);
  const message =
    stall.phase === "first_byte"
      ? `no response from ${ctx.providerLabel} in ${seconds} (timeouts.first_byte_seconds). Check that the server is up; a local server loading a large model may need a longer limit.`
      : `${ctx.providerLabel} sent nothing for ${seconds} in the middle of the answer (timeouts.idle_seconds).`;
  return { kind: "timeout", message, retryable: true };
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 ? Math.round(s) : Math.round(s * 10) / 10} s`;
}
