/**
 * Many readers of one session's events, for the library's `Session.subscribe`. Each subscriber sees every
 * event published after it subscribed, in order, until the session's last event or its own `close()`.
 * TODO(events): replaced by the agent's own `subscribe({ after, buffer })` (bounded, with replay) when it lands.
 */
import { createEventQueue, type EventQueue } from "../core/event-queue.ts";
import type { AgentEvent } from "../protocol/events.ts";

/** One reader's view of the stream. `close()` stops it (its loop ends) without affecting the session. */
export interface EventSubscription extends AsyncIterable<AgentEvent> {
  close(): void;
}

export interface EventFanout {
  publish(event: AgentEvent): void;
  /** The session is over: every subscription ends after what it has buffered. */
  end(): void;
  subscribe(): EventSubscription;
}

export function createEventFanout(): EventFanout {
  const queues = new Set<EventQueue<AgentEvent>>();
  let ended = false;
  return {
    publish(event) {
      for (const queue of queues) queue.push(event);
    },
    end() {
      ended = true;
      for (const queue of queues) queue.close();
      queues.clear();
    },
    subscribe() {
      const queue = createEventQueue<AgentEvent>();
      if (ended) queue.close();
      else queues.add(queue);
      return {
        [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
        close() {
          queues.delete(queue);
          queue.close();
        },
      };
    },
  };
}
