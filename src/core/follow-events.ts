/**
 * Every event of an agent in order, for a front end that must not miss any (the UI, `tandem exec`): a
 * subscription that resyncs itself. On `events_lost` with `overflow` it subscribes again after the last event it
 * passed on (replayed from memory or the session file), so its consumer sees no gap and no duplicate. A loss no
 * replay can make good (`not_retained`) is passed on, and the stream goes on from the oldest event still kept.
 */
import type { AgentEvent } from "../protocol/events.ts";
import type { Agent } from "./agent-types.ts";
import type { SubscribeOptions } from "./event-subscription.ts";

export async function* followEvents(
  agent: Pick<Agent, "subscribe" | "lastSeq">,
  options: SubscribeOptions = {},
): AsyncGenerator<AgentEvent> {
  let subscription = agent.subscribe(options);
  try {
    while (true) {
      let lost: Extract<AgentEvent, { type: "events_lost" }> | undefined;
      for await (const event of subscription) {
        if (event.type === "events_lost") {
          lost = event;
          break;
        }
        yield event;
      }
      if (!lost) return;
      let after = lost.last_seq;
      if (lost.reason === "not_retained") {
        yield lost;
        after = lost.first_available_seq !== undefined ? lost.first_available_seq - 1 : agent.lastSeq;
      }
      subscription = agent.subscribe({ ...options, after });
    }
  } finally {
    subscription.close();
  }
}
