/**
 * A `data:` line that is not JSON ends the request as a protocol error quoting it, on every protocol. It used
 * to be skipped: the answer came out spliced (or empty) and "done". Retried only while nothing was used.
 */
import { afterEach, describe, expect, it } from "vitest";
import { withRetry } from "../../src/providers/retry.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, testRequest, textOf } from "./client-support.ts";
import { clientFor, protocols } from "./stream-fault-clients.ts";

let server: FakeModelServer | undefined;
afterEach(() => server?.close());

/** Text in four chunks, so the frames before and after the garbled one all carry some. */
const answer = { kind: "reply" as const, chunks: ["one ", "two ", "three ", "four"] };

/** Index of the frame carrying the third text chunk: the vendors put 1-2 frames before the first text. */
const thirdTextFrame = {
  "openai-chat": 3,
  "openai-responses": 6,
  "anthropic-messages": 5,
  "google-gemini": 2,
} as const;

describe.each(protocols)("%s: a malformed stream event", (protocol) => {
  it("mid-answer ends with a protocol error that quotes it; the text before it is kept, nothing after", async () => {
    server = await startFakeModel();
    server.enqueue({ ...answer, garbleEvent: thirdTextFrame[protocol] });
    const client = withRetry(clientFor(server, protocol), { sleep: async () => {} });
    const events = await collect(client.stream(testRequest()));
    const end = last(events);
    if (end.type !== "error") throw new Error(`expected an error, got ${JSON.stringify(end)}`);
    expect(end.error).toMatchObject({ kind: "protocol" });
    expect(end.error.message).toContain("malformed stream event");
    expect(end.error.message).toContain("is not JSON");
    expect(end.error.message).toMatch(/"\{.*"/); // the excerpt of the data
    expect(textOf(events)).toBe("one two ");
    expect(end.message.content).toEqual([{ type: "text", text: "one two " }]);
    expect(events.some((e) => e.type === "retry")).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it("before anything was used is retried, and the retry's answer is the whole answer", async () => {
    server = await startFakeModel();
    server.enqueue({ ...answer, garbleEvent: 0 }, answer);
    const client = withRetry(clientFor(server, protocol), { sleep: async () => {} });
    const events = await collect(client.stream(testRequest()));
    const retry = events.find((e) => e.type === "retry");
    expect(retry?.type === "retry" && retry.error.message).toContain("malformed stream event");
    expect(last(events).type).toBe("done");
    expect(textOf(events)).toBe("one two three four");
    expect(server.requests).toHaveLength(2);
  });
});
