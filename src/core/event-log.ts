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
  const tailSize = options.tail ?? DEFAULT_TAIL_EVENTS;
  const tail: AgentEvent[] = [];
  const subscribers = new Set<SubscriptionFeed>();
  let file: EventFile | undefined;
  let seq = 0;
  let runStart = 0;
  let closed = false;

  // An event leaves memory only once the file holds it (or the file can't: memory-only, or a failed write).
  const evictable = (event: AgentEvent) => {
    const store = file?.store;
    return store?.healthy !== true || event.seq <= store.persistedSeq;
  };

  const replayFrom = (after: number) => {
    const upTo = seq;
    if (after >= upTo) return undefined;
    const tailFirst = tail[0]?.seq ?? upTo + 1;
    const fromTail = tail.slice(Math.max(0, after + 1 - tailFirst));
    if (after + 1 >= tailFirst) return async () => ({ events: fromTail });
    const source = file;
    return async () => {
      const older = source ? await readStoredEvents(source.path, sessionId, after, tailFirst - 1) : [];
      const got = older[older.length - 1]?.seq ?? after;
      if (got < tailFirst - 1)
        return {
          events: older,
          lost: {
            first_missed_seq: got + 1,
            last_seq: got,
            ...(fromTail.length > 0 ? { first_available_seq: tailFirst } : {}),
          },
        };
      return { events: older.concat(fromTail) };
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
      // Envelope right after `type`, so a JSON line reads type, seq, session, agent, then the event's own fields.
      const event = Object.assign(
        { type: body.type, seq: ++seq, session_id: sessionId, agent_id: agentId },
        body,
      ) as AgentEvent;
      tail.push(event);
      file?.store.add(event);
      while (tail.length > tailSize && evictable(tail[0] as AgentEvent)) tail.shift();
      for (const subscriber of subscribers) subscriber.push(event);
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
