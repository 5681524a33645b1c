/**
 * Replay: `subscribe({ after })` gives the events after that seq, from the in-memory tail or (older ones) the
 * session file's `events` lines, then the live stream, with no gap and no duplicate.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, plain, registerTempDir, storedEventLines } from "./event-support.ts";
import { startAgent } from "./harness.ts";

const tempDir = registerTempDir("tandem-replay-");
const turns = (n: number, delayMs = 0) =>
  Array.from({ length: n }, (_, i) => ({ text: `answer number ${i}`, delayMs, reasoning: `why ${i}` }));

describe("event replay", () => {
  it("after a seq still in memory: the rest, then live, no gap, no duplicate", async () => {
    const h = startAgent({ script: turns(2, 20) });
    h.agent.submit({ type: "user_input", text: "one" });
    h.agent.submit({ type: "user_input", text: "two" });
    await h.waitFor("turn_finished");
    const after = 3;
    const resumed = collect(h.agent.subscribe({ after }));
    const events = await h.finish();
    const got = await resumed;
    expect(got).toEqual(events.slice(after));
    expect(h.ofType("turn_finished")).toHaveLength(2);
  });

  it("after a seq older than the memory tail: from the session file, then memory, then live", async () => {
    const dir = tempDir();
    const h = startAgent({ session: { dir }, replayTail: 4, script: turns(3, 20) });
    for (const text of ["one", "two", "three"]) h.agent.submit({ type: "user_input", text });
    await h.waitFor("turn_finished");
    // Mid-run: the first turn's events have left memory (tail of 4), the second turn streams live.
    const whileRunning = collect(h.agent.subscribe({ after: 1 }));
    const events = await h.finish();
    expect(plain(await whileRunning)).toEqual(plain(events.slice(1)));
    // After the end: all of it from the file and the tail.
    expect(plain(await collect(h.agent.subscribe({ after: 0 })))).toEqual(plain(events));
    // Deltas are coalesced in the file (one object per message's run of deltas) and split again on replay.
    const stored = storedEventLines(join(dir, `${h.agent.sessionId}.jsonl`));
    expect(stored.join("\n")).toContain('"deltas":["answer n","umber 0"]');
  });

  it("a memory-only session cannot replay what left memory: events_lost not_retained, then the oldest kept", async () => {
    const { followEvents } = await import("../../src/core/follow-events.ts");
    const h = startAgent({ replayTail: 4, script: turns(2) });
    h.agent.submit({ type: "user_input", text: "one" });
    h.agent.submit({ type: "user_input", text: "two" });
    const events = await h.finish();
    const got = await collect(h.agent.subscribe({ after: 0 }));
    expect(got).toHaveLength(1);
    const lost = got[0];
    if (lost?.type !== "events_lost") throw new Error(`expected events_lost, got ${lost?.type}`);
    const oldest = lost.first_available_seq ?? 0;
    expect(lost).toEqual({
      type: "events_lost",
      reason: "not_retained",
      first_missed_seq: 1,
      last_seq: 0,
      first_available_seq: oldest,
      session_id: h.agent.sessionId,
      agent_id: "main",
      seq: 0,
    });
    // The tail keeps 4 to 8 events (it evicts in batches).
    expect(events.length - oldest + 1).toBeGreaterThanOrEqual(4);
    expect(events.length - oldest + 1).toBeLessThan(8);
    const followed = await collect(followEvents(h.agent, { after: 0 }));
    expect(followed).toEqual([lost, ...events.slice(oldest - 1)]);
  });

  it("a subscriber after the last seq gets only what comes next", async () => {
    const h = startAgent({ script: turns(2, 20) });
    h.agent.submit({ type: "user_input", text: "one" });
    await h.waitFor("turn_finished");
    const now = h.agent.lastSeq;
    const next = collect(h.agent.subscribe({ after: now }));
    h.agent.submit({ type: "user_input", text: "two" });
    const events = await h.finish();
    expect(await next).toEqual(events.slice(now));
  });
});
