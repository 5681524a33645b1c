/**
 * The session's event stream: the one place an event gets its envelope (`session_id`, `agent_id`, `seq`), a
 * bounded in-memory tail for replay, the session file's copy (session/event-store.ts) for older events, and the
 * fan-out to any number of subscribers. Emitting never waits for a subscriber. docs/events.md.
 */
import type { AgentEvent, AgentEventBody } from "../protocol/events.ts";
import {
  createSubscription,
  DEFAULT_SUBSCRIBER_BUFFER,
  type EventSubscription,
  type SubscribeOptions,
  type SubscriptionFeed,
} from "./event-subscription.ts";
import { type EventStore, readStoredEvents } from "./session/event-store.ts";

/** Events kept in memory for `subscribe({ after })`; older ones come from the session file. */
export const DEFAULT_TAIL_EVENTS = 2_000;
/** The tail holds from `tail` up to `tail + min(EVICT_BATCH, tail)` events. */
const EVICT_BATCH = 256;

export interface EventLogOptions {
  sessionId: string;
  /** Events kept in memory for replay. Default {@link DEFAULT_TAIL_EVENTS}. */
  tail?: number;
}

/** The session file behind the log, once it is open. */
export interface EventFile {
  path: string;
  store: EventStore;
}

export interface EventLog {
  /** Stamps the envelope (the next seq), keeps, persists and fans the event out. Ignored after `close`. */
  emit(body: AgentEventBody, agentId: string): void;
  subscribe(options?: SubscribeOptions): EventSubscription;
  /** The seq of the last event emitted (the file's last one on resume, before this run emits any). */
  readonly lastSeq: number;
  /**
   * Continues after `lastSeq` (a resumed file's last seq) and persists to `file` from now on. Called once, before
   * this run's first event.
   */
  attach(file: EventFile | undefined, lastSeq: number): void;
  /** Writes events still waiting for the file (the agent calls it after each entry it records). */
  flush(): void;
  /** The stream ended: the file gets what waits, each subscription ends after its buffered events. */
  close(): void;
}

export function createEventLog(options: EventLogOptions): EventLog {
  const { sessionId } = options;
  const tailSize = Math.max(1, options.tail ?? DEFAULT_TAIL_EVENTS);
  const evictBatch = Math.min(EVICT_BATCH, tailSize);
  const tail: AgentEvent[] = [];
  const subscribers = new Set<SubscriptionFeed>();
  let file: EventFile | undefined;
  let seq = 0;
  let runStart = 0;
  let closed = false;

  const replayFrom = (after: number) => {
    const upTo = seq;
    if (after >= upTo) return undefined;
    const tailFirst = tail[0]?.seq ?? upTo + 1;
    const fromTail = tail.slice(Math.max(0, after + 1 - tailFirst));
    if (after + 1 >= tailFirst) return async () => ({ events: fromTail });
    // Older than the tail: the file's lines, then what still waits for the file (snapshotted now, since it is
    // written and cleared as the stream goes on).
    const source = file;
    const persisted = source?.store.persistedSeq ?? 0;
    const waiting = source ? source.store.pending(sessionId, Math.max(after, persisted), tailFirst - 1) : [];
    return async () => {
      const fileUpTo = Math.min(persisted, tailFirst - 1);
      const older =
        source && after < fileUpTo ? await readStoredEvents(source.path, sessionId, after, fileUpTo) : [];
      // What waits joins only a complete file part (a line missing from the file is a gap, reported below).
      const reached = older[older.length - 1]?.seq ?? after;
      const events = reached >= fileUpTo ? older.concat(waiting) : older;
      const got = events[events.length - 1]?.seq ?? after;
      if (got < tailFirst - 1)
        return {
          events,
          lost: {
            first_missed_seq: got + 1,
            last_seq: got,
            ...(fromTail.length > 0 ? { first_available_seq: tailFirst } : {}),
          },
        };
      return { events: events.concat(fromTail) };
    };
  };

  return {
    get lastSeq() {
      return seq;
    },
    attach(opened, lastSeq) {
      file = opened;
      seq = Math.max(seq, lastSeq);
      runStart = seq;
    },
    emit(body, agentId) {
      if (closed) return;
      // Stamped in place: the body is a fresh object its emitter hands over, and one allocation less per event
      // is measurable on a 20,000-delta answer (docs/benchmarks.md). A body emitted twice gets a copy instead.
      const event = ("seq" in body ? { ...body } : body) as AgentEvent;
      event.session_id = sessionId;
      event.agent_id = agentId;
      event.seq = ++seq;
      tail.push(event);
      // Subscribers first: a failed write of the session file is reported by an event emitted from inside
      // `store.add` (the agent's `session_write` error), which must come after this one, not ahead of it (a
      // subscriber takes a seq at or below the last it got for a duplicate and drops it).
      for (const subscriber of subscribers) subscriber.push(event);
      file?.store.add(event);
      // Evicted in batches: one splice per EVICT_BATCH events instead of a shift per event. Evicted events are
      // in the file or still waiting for it (the store's pending part), or, without a file, gone.
      if (tail.length >= tailSize + evictBatch) tail.splice(0, tail.length - tailSize);
    },
    subscribe(subscribeOptions = {}) {
      const after = subscribeOptions.after ?? runStart;
      const replay = replayFrom(after);
      const subscription = createSubscription({
        ...(replay ? { replay } : {}),
        after,
        buffer: Math.max(1, subscribeOptions.buffer ?? DEFAULT_SUBSCRIBER_BUFFER),
        lost: (lost) =>
          Object.assign(
            { type: lost.type, seq: lost.last_seq, session_id: sessionId, agent_id: "main" },
            lost,
          ),
        detach: () => subscribers.delete(subscription),
      });
      if (closed) subscription.end();
      else subscribers.add(subscription);
      return subscription;
    },
    flush() {
      file?.store.flush();
    },
    close() {
      if (closed) return;
      closed = true;
      file?.store.flush();
      for (const subscriber of [...subscribers]) subscriber.end();
    },
  };
}
