/**
 * Live output is bounded (issue #9, item 13): the head of a call's output passes whole, then only the newest
 * bytes of each stream per interval, each chunk saying how many bytes before it were left out.
 */
import { expect, it } from "vitest";
import { createLiveOutput, type OutputStream } from "../../src/core/live-output.ts";

interface Sent {
  chunk: string;
  stream: OutputStream;
  dropped: number;
}

function recorder() {
  const sent: Sent[] = [];
  return {
    sent,
    sink: (chunk: string, stream: OutputStream, dropped: number) => sent.push({ chunk, stream, dropped }),
  };
}

it("passes the head whole, then holds a line-aligned tail and accounts for every byte", () => {
  const { sent, sink } = recorder();
  const live = createLiveOutput(sink, { headBytes: 100, tailBytes: 30, intervalMs: 60_000 });
  const line = "line of output 0123\n"; // 20 bytes
  for (let i = 0; i < 1000; i++) live.push(line, "stdout");
  live.finish();
  live.close();
  const shown = sent.reduce((n, s) => n + Buffer.byteLength(s.chunk), 0);
  const dropped = sent.reduce((n, s) => n + s.dropped, 0);
  expect(shown + dropped).toBe(20_000);
  expect(shown).toBeLessThanOrEqual(100 + 30 + 30);
  expect(sent.at(-1)).toMatchObject({ chunk: line, stream: "stdout" });
  expect(sent.at(-1)?.dropped).toBeGreaterThan(19_000);
});

it("sends the held tail after the interval without waiting for the end, per stream", async () => {
  const { sent, sink } = recorder();
  const live = createLiveOutput(sink, { headBytes: 10, tailBytes: 8, intervalMs: 30 });
  live.push("0123456789", "stdout");
  live.push("abcdefghijklmnop", "stderr");
  await new Promise((r) => setTimeout(r, 80));
  expect(sent).toEqual([
    { chunk: "0123456789", stream: "stdout", dropped: 0 },
    { chunk: "ijklmnop", stream: "stderr", dropped: 8 },
  ]);
  live.close();
  live.push("more", "stdout");
  live.finish();
  expect(sent).toHaveLength(2);
});

it("never splits a character between what is shown and what is dropped", () => {
  const { sent, sink } = recorder();
  const live = createLiveOutput(sink, { headBytes: 5, tailBytes: 4, intervalMs: 0 });
  const text = "😀😀😀😀😀😀";
  live.push(text, "stdout");
  live.finish();
  const shown = sent.reduce((n, s) => n + Buffer.byteLength(s.chunk), 0);
  const dropped = sent.reduce((n, s) => n + s.dropped, 0);
  expect(shown + dropped).toBe(Buffer.byteLength(text));
  expect(sent.map((s) => s.chunk).join("")).not.toContain("\uFFFD");
});
