/**
 * A server that never answers, sends headers and then nothing, or stops mid-answer: each wait is bounded
 * (first byte, then idle between chunks) instead of Node's silent 300 s, and a stall is a retryable `timeout`
 * shown as `retry` events with the reason. Short limits here; the defaults are in stream-timeouts.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { withRetry } from "../../src/providers/retry.ts";
import type { StreamEvent } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, testRequest, textOf } from "./client-support.ts";
import { clientFor, protocols } from "./stream-fault-clients.ts";

let server: FakeModelServer | undefined;
afterEach(() => server?.close());

const short = { firstByteMs: 500, idleMs: 500 };
/** Index of the frame carrying the first text chunk: the vendors put 0-4 frames before it. */
const firstTextFrame = {
  "openai-chat": 1,
  "openai-responses": 4,
  "anthropic-messages": 3,
  "google-gemini": 0,
} as const;

const retries = (events: StreamEvent[]) =>
  events.filter((e): e is Extract<StreamEvent, { type: "retry" }> => e.type === "retry");

describe.each(protocols)("%s: a silent server", (protocol) => {
  it("that never answers times out per attempt, shown as retries with the reason, then a timeout error", async () => {
    server = await startFakeModel();
    server.enqueue({ kind: "hang" }, { kind: "hang" });
    const client = withRetry(clientFor(server, protocol, short), { maxRetries: 1, sleep: async () => {} });
    const started = performance.now();
    const events = await collect(client.stream(testRequest()));
    const elapsed = performance.now() - started;
    const [retry] = retries(events);
    expect(retry?.error).toMatchObject({ kind: "timeout", retryable: true });
    expect(retry?.error.message).toMatch(/^no response from test \(http:\/\/127\.0\.0\.1:\d+.*\) in 0\.5 s/);
    const end = last(events);
    expect(end.type).toBe("error");
    expect(end.type === "error" && end.error.message).toContain("(failed after 1 retry)");
    expect(server.requests).toHaveLength(2);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("that sends headers and then nothing times out on the first byte too", async () => {
    server = await startFakeModel();
    server.enqueue(
      { kind: "reply", text: "never sent", stallAfterEvents: 0 },
      { kind: "reply", text: "hello" },
    );
    // Long enough that the second, real answer is never cut on a loaded machine.
    const timeouts = { firstByteMs: 1_000, idleMs: 1_000 };
    const client = withRetry(clientFor(server, protocol, timeouts), { sleep: async () => {} });
    const events = await collect(client.stream(testRequest()));
    expect(retries(events).map((r) => r.error.kind)).toEqual(["timeout"]);
    expect(retries(events)[0]?.error.message).toContain("no response from");
    expect(last(events).type).toBe("done");
    expect(textOf(events)).toBe("hello");
  });

  it("that stops mid-answer ends with an idle timeout, the text kept and no retry", async () => {
    server = await startFakeModel();
    // The frame carrying "half " is written; the rest never comes.
    server.enqueue({
      kind: "reply",
      chunks: ["half ", "an answer"],
      stallAfterEvents: firstTextFrame[protocol] + 1,
    });
    const client = withRetry(clientFor(server, protocol, short), { sleep: async () => {} });
    const events = await collect(client.stream(testRequest()));
    const end = last(events);
    if (end.type !== "error") throw new Error(`expected an error, got ${JSON.stringify(end)}`);
    expect(end.error.kind).toBe("timeout");
    expect(end.error.message).toContain("sent nothing for 0.5 s in the middle of the answer");
    expect(textOf(events)).toBe("half ");
    expect(retries(events)).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("that is slow but keeps sending is never cut: the idle limit is per gap, not per answer", async () => {
    server = await startFakeModel();
    // 15 gaps of 100 ms: the answer takes longer than either limit, each gap a tenth of the idle one.
    const chunks = "abcdefghijklmno".split("");
    server.enqueue({ kind: "reply", chunks, delayMs: 100 });
    const client = clientFor(server, protocol, { firstByteMs: 1_000, idleMs: 1_000 });
    const started = performance.now();
    const events = await collect(client.stream(testRequest()));
    expect(last(events).type).toBe("done");
    expect(textOf(events)).toBe(chunks.join(""));
    expect(performance.now() - started).toBeGreaterThan(1_000);
  });
});
