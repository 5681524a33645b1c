/**
 * `tokensPerSecond` paces a reply by an absolute schedule: 300 one-token deltas at 1,000/s take about 0.3 s
 * (not 300 timer ticks' worth), arrive over many reads rather than one, and keep every delta in order.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";

let server: FakeModelServer;
beforeEach(async () => {
  server = await startFakeModel();
});
afterEach(() => server.close());

it("streams at the given rate, in several reads, with every delta", async () => {
  const chunks = Array.from({ length: 300 }, (_, i) => `t${i} `);
  server.enqueue({ kind: "reply", chunks, tokensPerSecond: 1000 });
  const started = performance.now();
  const response = await fetch(`${server.baseUrl("openai-chat")}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "fake-model", stream: true, messages: [] }),
  });
  const reader = response.body?.getReader();
  if (!reader) throw new Error("no body");
  let text = "";
  let reads = 0;
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    reads++;
    text += decoder.decode(value, { stream: true });
  }
  const elapsed = performance.now() - started;
  const deltas = [...text.matchAll(/"content":"([^"]*)"/g)].map((m) => m[1]).join("");
  expect(deltas).toBe(chunks.join(""));
  // ~300 events (plus a few framing ones) at 1,000/s: about 0.3 s, allowing for a loaded machine.
  expect(elapsed).toBeGreaterThan(280);
  expect(elapsed).toBeLessThan(2000);
  expect(reads).toBeGreaterThan(20);
});
