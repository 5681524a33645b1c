/**
 * One subscriber's view of the event log: first the replayed events it asked for (`after`), then the live
 * stream, through a bounded buffer. The agent pushes and never waits; a subscriber that falls `buffer` events
 * behind is cut off: it still gets what it buffered, then `events_lost` (`overflow`) as its last event, and can
 * resync with `subscribe({ after: last_seq })`. docs/events.md, "Subscribing".
 */
import type { AgentEvent, EventsLostEvent } from "../protocol/events.ts";

export interface SubscribeOptions {
  /**
   * Replay: the events after this seq (from memory, or the session file for older ones), then the live stream,
   * with no gap and no duplicate. Default: from this agent's first event (everything it emitted, then live).
   */
  after?: number;
  /** Live events this subscriber may fall behind before it is cut off with `events_lost`. Default 10,000. */
  buffer?: number;
}

/** Many consumers: each subscription sees the whole stream in order. Ends after `session_finished`. */
export interface EventSubscription extends AsyncIterable<AgentEvent> {
  /** Stops the subscription; its iteration ends (buffered events are dropped). Idempotent. */
  close(): void;
}

export const DEFAULT_SUBSCRIBER_BUFFER = 10_000;

/** What the log holds for one subscription: live pushes, the end of the stream, and how to stamp `events_lost`. */
export interface SubscriptionFeed extends EventSubscription {
  /** A live event; drops the subscriber (overflow) when its buffer is full. */
  push(event: AgentEvent): void;
  /** The stream ended: iteration finishes after the buffered events. */
  end(): void;
}

export interface SubscriptionParts {
  /** Events before the live ones, produced when iteration starts; may stop short with a `not_retained` loss. */
  replay?: () => Promise<{ events: AgentEvent[]; lost?: Omit<EventsLostEvent, "type" | "reason"> }>;
  /** The seq before the first event this subscriber gets. */
  after: number;
  buffer: number;
  /** Stamps a subscriber-local `events_lost` (envelope `seq` = its `last_seq`). */
  lost(body: EventsLostEvent): AgentEvent;
  /** Called once when the subscription stops taking live events (closed, overflowed or ended). */
  detach(): void;
}

export function createSubscription(parts: SubscriptionParts): SubscriptionFeed {
  const live: AgentEvent[] = [];
  let head = 0;
  let ended = false;
  let closed = false;
  let overflowAt: number | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const stop = () => {
    if (ended) return;
    ended = true;
    parts.detach();
    notify();
  };

  async function* iterate(): AsyncGenerator<AgentEvent> {
    let last = parts.after;
    try {
      if (parts.replay) {
        const replayed = await parts.replay();
        for (const event of replayed.events) {
          if (closed) return;
          yield event;
          last = event.seq;
        }
        if (replayed.lost) {
          yield parts.lost({ type: "events_lost", reason: "not_retained", ...replayed.lost });
          return;
        }
      }
      while (!closed) {
        if (head < live.length) {
          const event = live[head++] as AgentEvent;
          // Compact now and then, so a long-lived subscription's array doesn't keep every event it read.
          if (head > 1024 && head * 2 > live.length) {
            live.splice(0, head);
            head = 0;
          }
          if (event.seq <= last) continue;
          yield event;
          last = event.seq;
          continue;
        }
        if (overflowAt !== undefined) {
          yield parts.lost({
            type: "events_lost",
            reason: "overflow",
            first_missed_seq: overflowAt,
            last_seq: last,
          });
          return;
        }
        if (ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      closed = true;
      stop();
    }
  }

  return {
    push(event) {
      if (ended) return;
      if (live.length - head >= parts.buffer) {
        overflowAt = event.seq;
        stop();
        return;
      }
      live.push(event);
      notify();
    },
    end: stop,
    close() {
      closed = true;
      live.length = 0;
      head = 0;
      stop();
    },
    [Symbol.asyncIterator]: iterate,
  };
}
