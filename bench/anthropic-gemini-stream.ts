/**
 * Streaming throughput of our Anthropic and Gemini clients against the official SDKs (`@anthropic-ai/sdk`,
 * `@google/genai`), on the same fake-server stream: one answer of 20,000 text deltas sent at full speed.
 *
 * Run: `node bench/anthropic-gemini-stream.ts` (Node 24). Same method as bench/provider-stream.ts: the bytes
 * are the fake model server's own rendering, pre-rendered once and served from memory in 64 KiB writes; every
 * client runs in its own child process, so CPU time and peak RSS are the client's alone; one warm-up stream,
 * then RUNS measured ones (medians shown).
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createAnthropicMessagesClient } from "../src/providers/anthropic-messages.ts";
import { createGoogleGeminiClient } from "../src/providers/google-gemini.ts";
import type { ModelRequest, ProviderClient } from "../src/providers/types.ts";
import type { ProtocolHandler, RecordedRequest } from "../test/support/fake-model/handler.ts";
import { anthropicMessagesHandler } from "../test/support/fake-model/handlers/anthropic-messages.ts";
import { googleGeminiHandler } from "../test/support/fake-model/handlers/google-gemini.ts";

const DELTAS = 20_000;
const RUNS = 3;
const CHUNK = 4;

type Protocol = "anthropic-messages" | "google-gemini";
type Impl = "tandem" | "sdk";

interface WorkerResult {
  runs: { ms: number; cpuMs: number; deltas: number; chars: number }[];
  baselineRssMb: number;
  peakRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function render(handler: ProtocolHandler, url: string, text: string) {
  const request: RecordedRequest = {
    protocol: handler.protocol,
    method: "POST",
    url,
    headers: {},
    body: { model: "fake-model", stream: true },
    receivedAt: 0,
  };
  const rendered = handler.renderReply({ kind: "reply", text, chunkSize: CHUNK }, request);
  return { headers: rendered.headers, bytes: Buffer.from(rendered.events.join("")) };
}

async function orchestrate(): Promise<void> {
  const text = "tok ".repeat(DELTAS);
  const answers: Record<Protocol, { headers: Record<string, string>; bytes: Buffer }> = {
    "anthropic-messages": render(anthropicMessagesHandler, "/v1/messages", text),
    "google-gemini": render(
      googleGeminiHandler,
      "/v1beta/models/fake-model:streamGenerateContent?alt=sse",
      text,
    ),
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const answer = req.url?.includes("/models/") ? answers["google-gemini"] : answers["anthropic-messages"];
      res.writeHead(200, answer.headers);
      for (let i = 0; i < answer.bytes.length; i += 65_536) res.write(answer.bytes.subarray(i, i + 65_536));
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rows: string[] = [];
  try {
    for (const protocol of ["anthropic-messages", "google-gemini"] as Protocol[]) {
      const mb = answers[protocol].bytes.length / 1e6;
      for (const impl of ["tandem", "sdk"] as Impl[]) {
        const result = await runWorker(impl, protocol, baseUrl);
        const bad = result.runs.find((r) => r.deltas !== DELTAS || r.chars !== text.length);
        if (bad) throw new Error(`${impl}/${protocol}: got ${bad.deltas} deltas, ${bad.chars} chars`);
        const ms = median(result.runs.map((r) => r.ms));
        const cpu = median(result.runs.map((r) => r.cpuMs));
        const name =
          impl === "sdk" ? (protocol === "google-gemini" ? "@google/genai" : "@anthropic-ai/sdk") : impl;
        rows.push(
          `| ${protocol} (${mb.toFixed(1)} MB) | ${name} | ${ms.toFixed(0)} | ${Math.round(DELTAS / (ms / 1000)).toLocaleString("en-US")} | ${cpu.toFixed(0)} | ${result.baselineRssMb.toFixed(0)} | ${result.peakRssMb.toFixed(0)} |`,
        );
      }
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
  console.log(
    `\nOne answer of ${DELTAS.toLocaleString("en-US")} text deltas, median of ${RUNS} runs after a warm-up (Node ${process.versions.node}).\n`,
  );
  console.log(
    "| protocol (stream size) | client | first delta → end (ms) | deltas/s | client CPU (ms) | RSS before (MB) | peak RSS (MB) |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|");
  for (const row of rows) console.log(row);
}

function runWorker(impl: Impl, protocol: Protocol, baseUrl: string): Promise<WorkerResult> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, "--worker", impl, protocol, baseUrl], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`worker ${impl}/${protocol} exited with ${code}`));
      else resolve(JSON.parse(out) as WorkerResult);
    });
  });
}

/** Counts text deltas of one stream, timing from the first delta to the end. */
class Meter {
  first = 0;
  cpuAtFirst = process.cpuUsage();
  deltas = 0;
  chars = 0;
  add(delta: string): void {
    if (this.deltas === 0) {
      this.first = performance.now();
      this.cpuAtFirst = process.cpuUsage();
    }
    this.deltas++;
    this.chars += delta.length;
  }
}

type OneRun = () => Promise<Meter>;

async function worker(impl: Impl, protocol: Protocol, baseUrl: string): Promise<void> {
  const run = impl === "sdk" ? await sdkRun(protocol, baseUrl) : tandemRun(protocol, baseUrl);
  const baselineRssMb = process.memoryUsage().rss / 1e6;
  const runs: WorkerResult["runs"] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const m = await run();
    const end = performance.now();
    const cpu = process.cpuUsage(m.cpuAtFirst);
    if (i > 0)
      runs.push({
        ms: end - m.first,
        cpuMs: (cpu.user + cpu.system) / 1000,
        deltas: m.deltas,
        chars: m.chars,
      });
  }
  const peakRssMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
  process.stdout.write(JSON.stringify({ runs, baselineRssMb, peakRssMb } satisfies WorkerResult));
}

function tandemRun(protocol: Protocol, baseUrl: string): OneRun {
  const options = { baseUrl, apiKey: "bench" };
  const client: ProviderClient =
    protocol === "anthropic-messages"
      ? createAnthropicMessagesClient(options)
      : createGoogleGeminiClient(options);
  const request: ModelRequest = {
    model: {
      id: "bench/fake-model",
      provider: "bench",
      model: "fake-model",
      contextWindow: 128_000,
      maxOutput: 100_000,
      capabilities: { tools: false, reasoning: false, images: false, editFormat: "edit" },
    },
    system: "bench",
    messages: [{ role: "user", content: [{ type: "text", text: "go" }] }],
    tools: [],
  };
  return async () => {
    const m = new Meter();
    for await (const event of client.stream(request)) {
      if (event.type === "text_delta") m.add(event.delta);
      else if (event.type === "error") throw new Error(event.error.message);
    }
    return m;
  };
}

async function sdkRun(protocol: Protocol, baseUrl: string): Promise<OneRun> {
  if (protocol === "anthropic-messages") {
    const { default: Anthropic } = await import("@anthropic-ai/sdk");
    const client = new Anthropic({ apiKey: "bench", baseURL: baseUrl, maxRetries: 0 });
    return async () => {
      const m = new Meter();
      const stream = await client.messages.create({
        model: "fake-model",
        max_tokens: 100_000,
        messages: [{ role: "user", content: "go" }],
        stream: true,
      });
      for await (const event of stream) {
        if (event.type === "content_block_delta" && event.delta.type === "text_delta")
          m.add(event.delta.text);
      }
      return m;
    };
  }
  const { GoogleGenAI } = await import("@google/genai");
  const ai = new GoogleGenAI({ apiKey: "bench", httpOptions: { baseUrl } });
  return async () => {
    const m = new Meter();
    const stream = await ai.models.generateContentStream({ model: "fake-model", contents: "go" });
    for await (const chunk of stream) {
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) if (part.text) m.add(part.text);
    }
    return m;
  };
}

const [flag, impl, protocol, baseUrl] = process.argv.slice(2);
if (flag === "--worker" && impl && protocol && baseUrl)
  await worker(impl as Impl, protocol as Protocol, baseUrl);
else await orchestrate();
