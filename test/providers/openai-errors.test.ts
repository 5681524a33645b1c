/** HTTP and stream failures, for both OpenAI clients, through the real fake server. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOpenAIChatClient } from "../../src/providers/openai-chat.ts";
import { createOpenAIResponsesClient } from "../../src/providers/openai-responses.ts";
import type { ProtocolId, ProviderClient, ProviderClientOptions } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, testRequest, textOf } from "./client-support.ts";

const key = "sk-proj-SECRETabcdef0123456789xyz";

const clients: [ProtocolId, (o: ProviderClientOptions) => ProviderClient][] = [
  ["openai-chat", createOpenAIChatClient],
  ["openai-responses", createOpenAIResponsesClient],
];

describe.each(clients)("%s errors", (protocol, create) => {
  let server: FakeModelServer;
  let client: ProviderClient;
  beforeEach(async () => {
    server = await startFakeModel();
    client = create({ baseUrl: server.baseUrl(protocol), apiKey: key, apiKeyEnv: "OPENAI_API_KEY" });
  });
  afterEach(() => server.close());

  it("401 names the env var and never includes the key", async () => {
    server.enqueue({ kind: "error", status: 401, errorType: "auth" });
    const end = last(await collect(client.stream(testRequest())));
    expect(end.type).toBe("error");
    if (end.type !== "error") return;
    expect(end.error.kind).toBe("auth");
    expect(end.error.status).toBe(401);
    expect(end.error.retryable).toBe(false);
    expect(end.error.message).toContain("OPENAI_API_KEY");
    expect(end.error.message).toContain("Incorrect API key");
    expect(JSON.stringify(end)).not.toContain(key);
    expect(end.message.stopReason).toBe("error");
  });

  it("429 is a retryable rate_limit with the retry-after hint", async () => {
    server.enqueue({ kind: "error", status: 429, errorType: "rate_limit", retryAfter: 7 });
    const end = last(await collect(client.stream(testRequest())));
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error).toMatchObject({ kind: "rate_limit", status: 429, retryable: true, retryAfter: 7 });
  });

  it("overloaded (503 with overloaded body) is retryable", async () => {
    server.enqueue({ kind: "error", status: 503, errorType: "overloaded" });
    const end = last(await collect(client.stream(testRequest())));
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error).toMatchObject({ kind: "overloaded", status: 503, retryable: true });
  });

  it("500 is a retryable server error", async () => {
    server.enqueue({ kind: "error", status: 500, errorType: "server" });
    const end = last(await collect(client.stream(testRequest())));
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error).toMatchObject({ kind: "server", status: 500, retryable: true });
  });

  it("context_length_exceeded is context_overflow and says to compact", async () => {
    server.enqueue({ kind: "error", status: 400, errorType: "context_overflow" });
    const end = last(await collect(client.stream(testRequest())));
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error.kind).toBe("context_overflow");
    expect(end.error.retryable).toBe(false);
    expect(end.error.message).toMatch(/compact/i);
  });

  it("a drop mid-stream ends with a network error that keeps the partial text", async () => {
    server.enqueue({
      kind: "reply",
      text: "partial answer that will be cut",
      chunkSize: 4,
      dropAfterEvents: 8,
    });
    const events = await collect(client.stream(testRequest()));
    const end = last(events);
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error.kind).toBe("network");
    const kept = end.message.content[0];
    expect(kept?.type).toBe("text");
    expect(kept?.type === "text" && kept.text.length).toBeGreaterThan(0);
    expect(kept?.type === "text" && kept.text).toBe(textOf(events));
  });

  it("a slow stream still arrives whole, delta by delta", async () => {
    server.enqueue({ kind: "reply", text: "slow but steady", chunkSize: 5, delayMs: 15 });
    const started = performance.now();
    const times: number[] = [];
    const events: Awaited<ReturnType<typeof collect>> = [];
    for await (const event of client.stream(testRequest())) {
      if (event.type === "text_delta") times.push(performance.now() - started);
      events.push(event);
    }
    expect(textOf(events)).toBe("slow but steady");
    expect(last(events).type).toBe("done");
    // Deltas were delivered as they came, not buffered to the end.
    // Three deltas, each 15 ms after the last frame: at least two gaps between first and last.
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(25);
  });

  it("abort mid-stream ends with an aborted error and keeps what arrived", async () => {
    server.enqueue({
      kind: "reply",
      text: "a long answer that the user interrupts halfway",
      chunkSize: 3,
      delayMs: 30,
    });
    const controller = new AbortController();
    const events: Awaited<ReturnType<typeof collect>> = [];
    const started = performance.now();
    for await (const event of client.stream(testRequest({ signal: controller.signal }))) {
      events.push(event);
      if (event.type === "text_delta" && events.filter((e) => e.type === "text_delta").length === 2)
        controller.abort();
    }
    const end = last(events);
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error.kind).toBe("aborted");
    expect(end.message.stopReason).toBe("aborted");
    expect(end.message.content).toEqual([{ type: "text", text: textOf(events) }]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("abort while waiting for the first byte ends promptly", async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const end = last(await collect(client.stream(testRequest({ signal: controller.signal }))));
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error.kind).toBe("aborted");
    expect(end.message.stopReason).toBe("aborted");
  });

  it("connection refused is a retryable network error naming the server", async () => {
    const url = server.baseUrl(protocol);
    await server.close();
    const end = last(await collect(create({ baseUrl: url }).stream(testRequest())));
    if (end.type !== "error") throw new Error("expected error");
    expect(end.error.kind).toBe("network");
    expect(end.error.retryable).toBe(true);
    expect(end.error.message).toContain("ECONNREFUSED");
    server = await startFakeModel(); // afterEach closes it
  });
});
