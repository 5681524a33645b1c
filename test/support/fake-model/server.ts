/**
 * A local fake model server on 127.0.0.1 that speaks each vendor's real wire protocol, scripted per test.
 * Steps are consumed in order by whichever protocol is asked; an unscripted request gets a 500 that says so,
 * so a test that under-scripts fails loudly.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ProtocolId } from "../../../src/providers/types.ts";
import type { ProtocolHandler, RecordedRequest, RenderedResponse } from "./handler.ts";
import type { ScriptStep } from "./script.ts";

export type StepSource = ScriptStep | ((request: RecordedRequest) => ScriptStep);

export interface FakeModelServerOptions {
  /** Protocol handlers to serve. Default: all registered in ./handlers.ts. */
  handlers: ProtocolHandler[];
  /**
   * Model ids listed by `GET …/models` (OpenAI-compatible servers answer it; tandem probes it to find local
   * servers). Default `["fake-model"]`; empty = answer 404, like a server that doesn't list models.
   */
  models?: string[];
}

export interface FakeModelServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** The base URL a client of `protocol` is configured with (e.g. `${url}/v1` for OpenAI). */
  baseUrl(protocol: ProtocolId): string;
  /** Queue answers for the next requests. */
  enqueue(...steps: StepSource[]): void;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Resolves when `count` requests have been received in total. */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Steps not yet consumed. */
  pending(): number;
  /** Drops the steps not yet consumed, so a test that ended early does not hand its answers to the next. */
  clear(): void;
  close(): Promise<void>;
}

const basePaths: Record<ProtocolId, string> = {
  "openai-chat": "/v1",
  "openai-responses": "/v1",
  "anthropic-messages": "",
  "google-gemini": "",
};

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const now = () => performance.timeOrigin + performance.now();

/** One SSE frame with its `data:` payload cut in half: a JSON text that no longer parses. */
function garbled(frame: string): string {
  const lines = frame.split("\n");
  const index = lines.findIndex((line) => line.startsWith("data:"));
  const line = lines[index];
  if (line === undefined) return frame;
  const payload = line.slice("data:".length);
  lines[index] = `data:${payload.slice(0, Math.ceil(payload.length / 2))}`;
  return lines.join("\n");
}

interface WriteOptions {
  delayMs: number;
  dropAfter?: number | undefined;
  perSecond?: number | undefined;
  /** Stop after this many events and leave the connection open; `hang` keeps it for close(). */
  stallAfter?: number | undefined;
  hang?: (res: ServerResponse) => void;
}

async function writeResponse(
  res: ServerResponse,
  rendered: RenderedResponse,
  recorded: RecordedRequest,
  { delayMs, dropAfter, perSecond, stallAfter, hang }: WriteOptions,
): Promise<void> {
  res.writeHead(rendered.status, rendered.headers);
  if (stallAfter !== undefined) {
    // Headers now (flushed even with no event yet), the first events, then silence on an open connection.
    res.flushHeaders();
    for (const event of rendered.events.slice(0, stallAfter)) {
      if (delayMs > 0) await sleep(delayMs);
      res.write(event);
    }
    recorded.firstByteAt = now();
    hang?.(res);
    return;
  }
  recorded.firstByteAt = now();
  if (perSecond !== undefined && perSecond > 0 && dropAfter === undefined) {
    // Event i is due at i / perSecond after the start; each tick writes every event due by then.
    const events = rendered.events;
    const start = performance.now();
    let sent = 0;
    while (sent < events.length) {
      const due = Math.min(events.length, Math.floor(((performance.now() - start) * perSecond) / 1000) + 1);
      if (due > sent) {
        if (res.destroyed) return;
        res.write(events.slice(sent, due).join(""));
        sent = due;
      }
      if (sent < events.length)
        await sleep(Math.max(0, (sent * 1000) / perSecond - (performance.now() - start)));
    }
    await new Promise<void>((resolve) => res.end(resolve));
    recorded.respondedAt = now();
    return;
  }
  if (delayMs === 0 && dropAfter === undefined) {
    // Full speed: hand the socket 16 KiB pieces, as a vendor's stream arrives in TCP segments. One write per
    // event would make this server, not the client under test, the bottleneck of a 20k-delta benchmark.
    let piece = "";
    for (const event of rendered.events) {
      piece += event;
      if (piece.length >= 16_384) {
        res.write(piece);
        piece = "";
      }
    }
    await new Promise<void>((resolve) => res.end(piece, resolve));
    recorded.respondedAt = now();
    return;
  }
  let written = 0;
  let flushed: Promise<void> = Promise.resolve();
  for (const event of rendered.events) {
    if (dropAfter !== undefined && written >= dropAfter) {
      // A connection lost mid-stream: no terminating chunk, just a reset socket. What was written before
      // the drop reaches the client first (destroying right away would discard the unflushed writes).
      await flushed;
      res.socket?.destroy();
      return;
    }
    if (delayMs > 0) await sleep(delayMs);
    if (res.destroyed) return;
    if (dropAfter === undefined) res.write(event);
    else flushed = new Promise<void>((resolve) => res.write(event, () => resolve()));
    written++;
  }
  await new Promise<void>((resolve) => res.end(resolve));
  recorded.respondedAt = now();
}

export async function createFakeModelServer(options: FakeModelServerOptions): Promise<FakeModelServer> {
  const queue: StepSource[] = [];
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const hanging = new Set<ServerResponse>();
  const hang = (res: ServerResponse) => {
    hanging.add(res);
    res.on("close", () => hanging.delete(res));
  };

  const server = createServer(async (req, res) => {
    const url = req.url ?? "/";
    const pathname = url.split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    const text = await readBody(req);
    const listed = options.models ?? ["fake-model"];
    if (method === "GET" && pathname.endsWith("/models") && listed.length > 0) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: listed.map((id) => ({ id, object: "model" })) }));
      return;
    }
    const handler = options.handlers.find((h) => h.matches(method, pathname));
    if (!handler) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { message: `fake model server: no handler for ${method} ${pathname}` } }),
      );
      return;
    }
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "fake model server: request body is not JSON" } }));
      return;
    }
    const recorded: RecordedRequest = {
      protocol: handler.protocol,
      method,
      url,
      headers: req.headers,
      body,
      receivedAt: now(),
    };
    requests.push(recorded);
    for (const w of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    const source = queue.shift();
    if (!source) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "fake model server: no scripted response left" } }));
      return;
    }
    const step = typeof source === "function" ? source(recorded) : source;
    if (step.kind === "hang") {
      hang(res);
      return;
    }
    if (step.kind === "error") {
      await writeResponse(res, handler.renderError(step, recorded), recorded, { delayMs: 0 });
      return;
    }
    if (step.kind === "page") {
      const page = {
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8" },
        events: [step.html],
      };
      await writeResponse(res, page, recorded, { delayMs: 0 });
      return;
    }
    const rendered = handler.renderReply(step, recorded);
    const garble = step.garbleEvent;
    const frame = garble === undefined ? undefined : rendered.events[garble];
    if (garble !== undefined && frame !== undefined) rendered.events[garble] = garbled(frame);
    await writeResponse(res, rendered, recorded, {
      delayMs: step.delayMs ?? 0,
      dropAfter: step.dropAfterEvents,
      perSecond: step.tokensPerSecond,
      stallAfter: step.stallAfterEvents,
      hang,
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseUrl: (protocol) => `${url}${basePaths[protocol]}`,
    enqueue: (...steps) => {
      queue.push(...steps);
    },
    requests,
    pending: () => queue.length,
    clear: () => {
      queue.length = 0;
    },
    waitForRequests(count, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve(requests.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`fake model server: ${requests.length}/${count} requests after ${timeoutMs} ms`),
            ),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(requests.slice());
          },
        });
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
