/**
 * The default HTTP client (src/providers/node-http.ts) against a real local server: what post-stream.ts reads of a
 * response, a body the server compressed anyway, a body cut off mid-way, a refused connection, and the
 * `onWritten` signal (the request is on its way; the session loads its safety gate then, not before).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { nodeHttpPost } from "../../src/providers/node-http.ts";

let server: Server | undefined;
afterEach(() => server?.close());

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat`;
}

const post = (url: string, signal = new AbortController().signal) =>
  nodeHttpPost(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"a":1}',
    signal,
  });

describe("nodeHttpPost", () => {
  it("sends the body and headers and answers with status, headers and the body as text", async () => {
    let got = "";
    let framing: { length?: string; chunked?: string } = {};
    const url = await serve((req, res) => {
      framing = { length: req.headers["content-length"], chunked: req.headers["transfer-encoding"] };
      req.setEncoding("utf8").on("data", (d: string) => {
        got += d;
      });
      req.on("end", () => {
        res.writeHead(429, { "retry-after": "7", "content-type": req.headers["content-type"] ?? "" });
        res.end("slow down ✓");
      });
    });
    const response = await post(url);
    expect(got).toBe('{"a":1}');
    // Sized like fetch's, never chunked: some servers refuse a chunked request body.
    expect(framing).toEqual({ length: "7", chunked: undefined });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("7");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-missing")).toBeNull();
    expect(await response.text()).toBe("slow down ✓");
  });

  it("decompresses a gzip body a server sent although it was not asked to", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream", "content-encoding": "gzip" });
      res.end(gzipSync("data: hi\n\n"));
    });
    const response = await post(url);
    expect(response.ok).toBe(true);
    expect(await response.text()).toBe("data: hi\n\n");
  });

  it("errors the body when the connection breaks off mid-response", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: one\n\n");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const response = await post(url);
    await expect(response.text()).rejects.toThrow();
  });

  it("rejects on a refused connection with the error's code, and with AbortError when aborted", async () => {
    const url = await serve(() => {});
    server?.close();
    await expect(post(url)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    const live = await serve(() => {});
    const abort = new AbortController();
    const pending = post(live, abort.signal);
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("says when the request is written: once the server can read the whole body, before any answer; never for a refused connection", async () => {
    let received = "";
    const url = await serve((req, _res) => {
      // Reads the body and never answers: the signal cannot be waiting for the response.
      req.setEncoding("utf8").on("data", (d: string) => {
        received += d;
      });
    });
    const abort = new AbortController();
    const written = new Promise<string>((resolve) => {
      nodeHttpPost(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"a":1}',
        signal: abort.signal,
        onWritten: () => resolve("written"),
      }).catch(() => undefined);
    });
    expect(await written).toBe("written");
    await expect.poll(() => received).toBe('{"a":1}');
    abort.abort();

    const refused = await serve(() => {});
    server?.close();
    let calls = 0;
    await expect(
      nodeHttpPost(refused, {
        method: "POST",
        headers: {},
        body: "{}",
        signal: new AbortController().signal,
        onWritten: () => calls++,
      }),
    ).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(0);
  });
});
