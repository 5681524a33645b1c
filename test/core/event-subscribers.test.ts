/** Many consumers of one agent's events: the envelope, identical ordered streams, and a stalled subscriber. */
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/protocol/events.ts";
import { PROTOCOL_VERSION } from "../../src/protocol/version.ts";
import { startAgent } from "./harness.ts";

const collect = async (stream: AsyncIterable<AgentEvent>) => {
  const out: AgentEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
};

const turns = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `answer number ${i}` }));

describe("event subscribers", () => {
  it("every event carries the envelope; seq counts 1, 2, 3, … with no gap", async () => {
    const h = startAgent({ script: turns(2) });
    h.agent.submit({ type: "user_input", text: "one" });
    h.agent.submit({ type: "user_input", text: "two" });
    const events = await h.finish();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const event of events) {
      expect(event.session_id).toBe(h.agent.sessionId);
      expect(event.agent_id).toBe("main");
    }
    expect(events[0]).toMatchObject({ type: "session_started", protocol_version: PROTOCOL_VERSION });
    expect(h.agent.lastSeq).toBe(events.length);
  });

  it("an agent created with another id stamps it on its events", async () => {
    const h = startAgent({ agentId: "helper-1", script: turns(1) });
    h.agent.submit({ type: "user_input", text: "one" });
    const events = await h.finish();
    expect(new Set(events.map((e) => e.agent_id))).toEqual(new Set(["helper-1"]));
  });

  it("any number of subscribers each see the whole stream, in the same order", async () => {
    const h = startAgent({ script: turns(3) });
    const others = [collect(h.agent.subscribe()), collect(h.agent.subscribe()), collect(h.agent.subscribe())];
    for (const text of ["a", "b", "c"]) h.agent.submit({ type: "user_input", text });
    const events = await h.finish();
    expect(events.length).toBeGreaterThan(15);
    for (const other of await Promise.all(others)) expect(other).toEqual(events);
    // Same objects, not copies: fan-out costs no per-subscriber allocation.
    expect((await others[0])?.[3]).toBe(events[3]);
  });

  it("a subscriber that never reads does not stall the agent; it gets events_lost and resyncs after last_seq", async () => {
    const h = startAgent({ script: turns(4) });
    const stalled = h.agent.subscribe({ buffer: 5 });
    for (const text of ["a", "b", "c", "d"]) h.agent.submit({ type: "user_input", text });
    // The agent ran all four turns to the end while nobody read `stalled`.
    const events = await h.finish();
    expect(h.ofType("turn_finished")).toHaveLength(4);

    const got = await collect(stalled);
    expect(got.slice(0, 5)).toEqual(events.slice(0, 5));
    expect(got).toHaveLength(6);
    expect(got[5]).toEqual({
      type: "events_lost",
      reason: "overflow",
      first_missed_seq: 6,
      last_seq: 5,
      session_id: h.agent.sessionId,
      agent_id: "main",
      seq: 5,
    });
    // Resync: the rest from memory, no gap, no duplicate, ending with session_finished.
    const rest = await collect(h.agent.subscribe({ after: 5 }));
    expect([...got.slice(0, 5), ...rest]).toEqual(events);
  });

  it("a subscriber cut off mid-stream by a small buffer is resynced by followEvents without a gap", async () => {
    const { followEvents } = await import("../../src/core/follow-events.ts");
    const h = startAgent({ script: turns(3) });
    // A consumer slower than the agent: it falls behind by more than 2 events.
    const slowly = async (stream: AsyncIterable<AgentEvent>) => {
      const out: AgentEvent[] = [];
      for await (const event of stream) {
        out.push(event);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return out;
    };
    const plain = slowly(h.agent.subscribe({ buffer: 2 }));
    const followed = slowly(followEvents(h.agent, { buffer: 2 }));
    for (const text of ["a", "b", "c"]) h.agent.submit({ type: "user_input", text });
    const events = await h.finish();
    // Without resync it is cut off (so this test does exercise the overflow) …
    expect((await plain).at(-1)?.type).toBe("events_lost");
    // … with it, the whole stream.
    expect(await followed).toEqual(events);
  });

  it("close() ends a subscription; the others go on", async () => {
    const h = startAgent({ script: turns(2) });
    const closing = h.agent.subscribe();
    const seen: AgentEvent[] = [];
    const reading = (async () => {
      for await (const event of closing) {
        seen.push(event);
        if (event.type === "turn_finished") closing.close();
      }
    })();
    h.agent.submit({ type: "user_input", text: "a" });
    h.agent.submit({ type: "user_input", text: "b" });
    const events = await h.finish();
    await reading;
    expect(seen.at(-1)?.type).toBe("turn_finished");
    expect(seen).toEqual(events.slice(0, seen.length));
    expect(events.at(-1)?.type).toBe("session_finished");
  });
});
