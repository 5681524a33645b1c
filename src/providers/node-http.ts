/**
 * The default HTTP client of the streaming clients: one POST over `node:http`/`node:https`, answered with the
 * part of fetch's `Response` that post-stream.ts reads. Why not the global `fetch`: Node compiles undici on its
 * first use, about 100 ms of CPU and 12–14 MB of RSS at every start of `tandem exec` (docs/benchmarks.md,
 * "Start-up"). The global `Response` and `Headers` load undici too, so nothing here touches them.
 *
 * Like fetch: rejects on a connection failure (the error's `code` says which) or an abort (`AbortError`); a body
 * cut off mid-way errors its stream (node:http errors the response itself); a gzip/deflate/br body is
 * decompressed; redirects are not followed (no model API redirects a POST).
 */
import type { IncomingMessage } from "node:http";
import { pipeline, Readable } from "node:stream";

/** What a streaming client reads of a response; a fetch `Response` is one. */
export interface HttpResponse {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

export interface HttpPostInit {
  method: "POST";
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  /**
   * Called once the whole request (headers and body) has been handed to the OS, i.e. is on its way: what waits
   * for the request to be sent can start then without delaying it. Not called when the request fails before
   * that. Default none. (The global `fetch` does not call it; post-stream.ts says when for a fetch.)
   */
  onWritten?: () => void;
}

/** The HTTP client a streaming client takes; the global `fetch` fits it. */
export type HttpClient = (url: string, init: HttpPostInit) => Promise<HttpResponse>;

export async function nodeHttpPost(url: string, init: HttpPostInit): Promise<HttpResponse> {
  const target = new URL(url);
  // Not `import("node:http")`: an ES import reads every export, and node:http's lazy `WebSocket`,
  // `MessageEvent` and `CloseEvent` getters would load undici after all.
  const { request } =
    target.protocol === "https:"
      ? process.getBuiltinModule("node:https")
      : process.getBuiltinModule("node:http");
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    // A length, as fetch sends for a string body: without it the body goes chunked, which some servers (Python's
    // http.server, a few gateways) do not accept on a request.
    const headers = { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) };
    const req = request(target, { method: init.method, headers, signal: init.signal }, resolve);
    req.on("error", reject);
    const written = init.onWritten;
    // `finish`: the connection is made and the body written to it. On the next turn of the event loop, so what
    // waited for it (the safety gate's load, src/app/agent-session.ts) runs outside node's own write path.
    if (written) req.once("finish", () => setImmediate(written));
    req.end(init.body);
  });
  const encoding = String(res.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  const body = UNZIP.has(encoding) ? await unzipped(res, encoding) : res;
  const web = Readable.toWeb(body) as ReadableStream<Uint8Array>;
  return {
    ok: res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300,
    status: res.statusCode ?? 0,
    headers: {
      get(name) {
        const value = res.headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(", ") : value;
      },
    },
    body: web,
    async text() {
      let out = "";
      const decoder = new TextDecoder();
      for await (const chunk of web) out += decoder.decode(chunk, { stream: true });
      return out + decoder.decode();
    },
  };
}

const UNZIP = new Set(["gzip", "deflate", "br"]);

/** Only when a server compresses anyway: we do not ask it to, so zlib is loaded only then. */
async function unzipped(res: IncomingMessage, encoding: string): Promise<Readable> {
  const zlib = await import("node:zlib");
  const unzip =
    encoding === "gzip"
      ? zlib.createGunzip()
      : encoding === "br"
        ? zlib.createBrotliDecompress()
        : zlib.createInflate();
  // pipeline carries an error of the response into the stream read.
  pipeline(res, unzip, () => {});
  return unzip;
}
