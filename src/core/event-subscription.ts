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

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A hand-written async iterator rather than an async generator: a buffered event is handed over with one
 * resolved promise, not a generator's several microtask hops (measurable at one event per token).
 */
export function createSubscription(parts: SubscriptionParts): SubscriptionFeed {
  let replayed: AgentEvent[] = [];
  let replayAt = 0;
  let replayLost: Omit<EventsLostEvent, "type" | "reason"> | undefined;
  let loading: Promise<void> | undefined;
  let started = false;
  const live: AgentEvent[] = [];
  let last = parts.after;
  let ended = false;
  let finished = false;
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
  const finish = (): IteratorResult<AgentEvent> => {
    finished = true;
    stop();
    return DONE;
  };
  const deliver = (event: AgentEvent): IteratorResult<AgentEvent> => {
    last = event.seq;
    return { done: false, value: event };
  };

  const step = (): IteratorResult<AgentEvent> | undefined => {
    if (finished) return DONE;
    if (replayAt < replayed.length) return deliver(replayed[replayAt++] as AgentEvent);
    if (replayLost) {
      const lost = parts.lost({ type: "events_lost", reason: "not_retained", ...replayLost });
      finish();
      return { done: false, value: lost };
    }
    while (live.length > 0) {
      const event = live.shift() as AgentEvent;
      if (event.seq > last) return deliver(event);
    }
    if (overflowAt !== undefined) {
      const lost = parts.lost({
        type: "events_lost",
        reason: "overflow",
        first_missed_seq: overflowAt,
        last_seq: last,
      });
      finish();
      return { done: false, value: lost };
    }
    if (ended) return finish();
    return undefined;
  };

  const next = (): Promise<IteratorResult<AgentEvent>> => {
    if (!started) {
      started = true;
      if (parts.replay)
        loading = parts.replay().then((result) => {
          replayed = result.events;
          replayLost = result.lost;
          loading = undefined;
        });
    }
    if (loading) return loading.then(next);
    const result = step();
    if (result) return Promise.resolve(result);
    return new Promise<void>((resolve) => {
      wake = resolve;
    }).then(next);
  };

  const close = () => {
    live.length = 0;
    replayed = [];
    replayLost = undefined;
    finished = true;
    stop();
  };

  return {
    push(event) {
      if (ended) return;
      if (live.length >= parts.buffer) {
        overflowAt = event.seq;
        stop();
        return;
      }
      live.push(event);
      notify();
    },
    end: stop,
    close,
    [Symbol.asyncIterator]: () => ({
      next,
      return: () => {
        close();
        return Promise.resolve(DONE);
      },
    }),
  };
}
