import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOpenAIChatClient } from "../../src/providers/openai-chat.ts";
import { createOpenAIResponsesClient } from "../../src/providers/openai-responses.ts";
import { type RetryOptions, retryDelayMs, withRetry } from "../../src/providers/retry.ts";
import type { ProviderClient } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, testRequest, textOf } from "./client-support.ts";

let server: FakeModelServer;
let chat: ProviderClient;
let slept: number[];

/** Records the delays instead of waiting them out. */
const recordingSleep: RetryOptions["sleep"] = async (ms) => {
  slept.push(ms);
};

beforeEach(async () => {
  server = await startFakeModel();
  chat = createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") });
  slept = [];
});
afterEach(() => server.close());

describe("withRetry", () => {
  it("retries a 500 and then streams the answer, announcing the retry first", async () => {
    server.enqueue({ kind: "error", status: 500 }, { kind: "reply", text: "recovered" });
    const events = await collect(
      withRetry(chat, { sleep: recordingSleep, random: () => 0.5 }).stream(testRequest()),
    );
    expect(events[0]).toMatchObject({
      type: "retry",
      attempt: 1,
      delayMs: 375,
      error: { kind: "server", status: 500 },
    });
    expect(slept).toEqual([375]);
    expect(textOf(events)).toBe("recovered");
    expect(last(events).type).toBe("done");
    expect(server.requests.length).toBe(2);
  });

  it("honours retry-after on a 429 (real clock: at least one second)", async () => {
    server.enqueue(
      { kind: "error", status: 429, errorType: "rate_limit", retryAfter: 1 },
      { kind: "reply", text: "ok" },
    );
    const started = performance.now();
    const events = await collect(withRetry(chat).stream(testRequest()));
    const elapsed = performance.now() - started;
    expect(events[0]).toMatchObject({
      type: "retry",
      delayMs: 1000,
      error: { kind: "rate_limit", retryAfter: 1 },
    });
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(last(events).type).toBe("done");
    const [first, second] = server.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it("retries overloaded with exponential backoff and gives up after maxRetries, saying so", async () => {
    for (let i = 0; i < 3; i++) server.enqueue({ kind: "error", status: 503, errorType: "overloaded" });
    const client = withRetry(chat, {
      maxRetries: 2,
      baseDelayMs: 100,
      sleep: recordingSleep,
      random: () => 0,
    });
    const events = await collect(client.stream(testRequest()));
    expect(slept).toEqual([50, 100]);
    const end = last(events);
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error.kind).toBe("overloaded");
    expect(end.error.message).toContain("failed after 2 retries");
    expect(server.requests.length).toBe(3);
  });

  it("does not retry a non-retryable error (401)", async () => {
    server.enqueue({ kind: "error", status: 401 }, { kind: "reply", text: "never" });
    const events = await collect(withRetry(chat, { sleep: recordingSleep }).stream(testRequest()));
    expect(events.map((e) => e.type)).toEqual(["error"]);
    expect(server.requests.length).toBe(1);
  });

  it("retries a stream dropped before any output", async () => {
    // One frame (the role-only chunk, no content) and then the socket is reset.
    server.enqueue(
      { kind: "reply", text: "lost", dropAfterEvents: 1 },
      { kind: "reply", text: "second try" },
    );
    const events = await collect(withRetry(chat, { sleep: recordingSleep }).stream(testRequest()));
    expect(events[0]).toMatchObject({ type: "retry", error: { kind: "network" } });
    expect(textOf(events)).toBe("second try");
    expect(last(events).type).toBe("done");
  });

  it("retries a Responses stream dropped after response.created but before output", async () => {
    const responses = createOpenAIResponsesClient({ baseUrl: server.baseUrl("openai-responses") });
    server.enqueue({ kind: "reply", text: "lost", dropAfterEvents: 2 }, { kind: "reply", text: "again" });
    const events = await collect(withRetry(responses, { sleep: recordingSleep }).stream(testRequest()));
    expect(events.filter((e) => e.type === "retry").length).toBe(1);
    expect(textOf(events)).toBe("again");
  });

  it("does not retry once output was yielded: ends with error and the partial text", async () => {
    server.enqueue({
      kind: "reply",
      text: "first part, then the line drops",
      chunkSize: 5,
      dropAfterEvents: 4,
    });
    server.enqueue({ kind: "reply", text: "must not be requested" });
    const events = await collect(withRetry(chat, { sleep: recordingSleep }).stream(testRequest()));
    expect(events.some((e) => e.type === "retry")).toBe(false);
    const end = last(events);
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error.kind).toBe("network");
    expect(end.message.content).toEqual([{ type: "text", text: "first part, the" }]);
    expect(server.requests.length).toBe(1);
    expect(server.pending()).toBe(1);
  });

  it("an abort during the backoff sleep ends promptly with an aborted error", async () => {
    server.enqueue({ kind: "error", status: 429, retryAfter: 30 }, { kind: "reply", text: "never" });
    const controller = new AbortController();
    const client = withRetry(chat);
    const started = performance.now();
    const events = [];
    for await (const event of client.stream(testRequest({ signal: controller.signal }))) {
      events.push(event);
      if (event.type === "retry") setTimeout(() => controller.abort(), 30);
    }
    expect(performance.now() - started).toBeLessThan(2000);
    const end = last(events);
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error.kind).toBe("aborted");
    expect(end.message.stopReason).toBe("aborted");
    expect(server.requests.length).toBe(1);
  });

  it("caps delays at maxDelayMs, also a vendor's retry-after", () => {
    const options = { baseDelayMs: 500, maxDelayMs: 30_000, random: () => 0.999 };
    expect(retryDelayMs(10, { kind: "server", message: "", retryable: true }, options)).toBe(30_000);
    expect(
      retryDelayMs(1, { kind: "rate_limit", message: "", retryable: true, retryAfter: 120 }, options),
    ).toBe(30_000);
    expect(
      retryDelayMs(1, { kind: "rate_limit", message: "", retryable: true, retryAfter: 0.25 }, options),
    ).toBe(250);
  });
});
