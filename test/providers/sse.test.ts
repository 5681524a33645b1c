import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { readSse, type SseEvent } from "../../src/providers/sse.ts";

/** A body that delivers exactly these byte chunks, as a network would split them. */
function bodyOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === "string" ? encoder.encode(c) : c);
      controller.close();
    },
  });
}

async function all(body: ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of readSse(body, signal)) out.push(e);
  return out;
}

describe("readSse", () => {
  it("yields events with names and data, across arbitrary chunk boundaries", async () => {
    const events = await all(
      bodyOf(["event: a\nda", 'ta: {"x":1}\n', "\ndata: plain\n\n", ": comment\n\nevent: b\ndata: 2\n\n"]),
    );
    expect(events).toEqual([{ event: "a", data: '{"x":1}' }, { data: "plain" }, { event: "b", data: "2" }]);
  });

  it("decodes a multi-byte character split between two chunks", async () => {
    const bytes = new TextEncoder().encode("data: héllo 🌍\n\n");
    const cut = 10; // inside the 4-byte emoji
    const events = await all(bodyOf([bytes.slice(0, cut), bytes.slice(cut, 13), bytes.slice(13)]));
    expect(events).toEqual([{ data: "héllo 🌍" }]);
  });

  it("joins multi-line data and handles CRLF framing", async () => {
    const events = await all(bodyOf(["data: one\r\ndata: two\r\n\r\n"]));
    expect(events).toEqual([{ data: "one\ntwo" }]);
  });

  it("flushes a final event that lacks the terminating blank line", async () => {
    const events = await all(bodyOf(["data: first\n\n", "data: last"]));
    expect(events).toEqual([{ data: "first" }, { data: "last" }]);
  });

  it("reads a real HTTP stream as it arrives and stops when aborted", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("event: tick\ndata: 1\n\n");
      const timer = setInterval(() => res.write("event: tick\ndata: more\n\n"), 20);
      res.on("close", () => clearInterval(timer));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const controller = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal });
      const seen: SseEvent[] = [];
      let error: unknown;
      try {
        for await (const e of readSse(response.body as ReadableStream<Uint8Array>, controller.signal)) {
          seen.push(e);
          if (seen.length === 3) controller.abort();
        }
      } catch (err) {
        error = err;
      }
      expect(seen[0]).toEqual({ event: "tick", data: "1" });
      expect(seen.length).toBe(3);
      expect((error as Error).name).toBe("AbortError");
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("breaking out of the loop releases the body", async () => {
    const body = bodyOf(["data: 1\n\ndata: 2\n\n"]);
    for await (const _ of readSse(body)) break;
    expect(body.locked).toBe(false);
  });
});
