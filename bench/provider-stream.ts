/**
 * Streaming throughput of our four provider clients against the vendors' official SDKs (`openai`,
 * `@anthropic-ai/sdk`, `@google/genai`), on the same fake-server stream: one answer of 20,000 text deltas per
 * protocol (openai-responses, openai-chat, anthropic-messages, google-gemini) sent at full speed.
 *
 * Run: `npm run bench:providers` (= `node bench/provider-stream.ts`, Node 24). The bytes are the fake model
 * server's own rendering (its protocol handlers), pre-rendered once and served from memory in 64 KiB writes, so
 * the server is never the bottleneck (the fake server writes frame by frame, which caps it below what a client
 * can parse). Every client runs in its own child process, so CPU time (process.cpuUsage, first delta to end)
 * and peak RSS are the client's alone. Each child does one warm-up stream and RUNS measured ones; the table
 * shows medians, the child's RSS after its imports and its peak RSS, then the SDK/tandem ratios of this run.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createAnthropicMessagesClient } from "../src/providers/anthropic-messages.ts";
import { createGoogleGeminiClient } from "../src/providers/google-gemini.ts";
import { createOpenAIChatClient } from "../src/providers/openai-chat.ts";
import { createOpenAIResponsesClient } from "../src/providers/openai-responses.ts";
import { withRetry } from "../src/providers/retry.ts";
import type { ModelRequest, ProviderClient } from "../src/providers/types.ts";
import type { ProtocolHandler, RecordedRequest } from "../test/support/fake-model/handler.ts";
import { anthropicMessagesHandler } from "../test/support/fake-model/handlers/anthropic-messages.ts";
import { googleGeminiHandler } from "../test/support/fake-model/handlers/google-gemini.ts";
import { openaiChatHandler } from "../test/support/fake-model/handlers/openai-chat.ts";
import { openaiResponsesHandler } from "../test/support/fake-model/handlers/openai-responses.ts";

const DELTAS = 20_000;
const RUNS = 5;
const CHUNK = 4;

const PROTOCOLS = ["openai-responses", "openai-chat", "anthropic-messages", "google-gemini"] as const;
type Protocol = (typeof PROTOCOLS)[number];
/** `tandem+retry`: our client wrapped in withRetry, as the app runs it (one more async-generator layer). */
const IMPLS = ["tandem", "tandem+retry", "sdk"] as const;
type Impl = (typeof IMPLS)[number];

const SDK_NAME: Record<Protocol, string> = {
  "openai-responses": "openai",
  "openai-chat": "openai",
  "anthropic-messages": "@anthropic-ai/sdk",
  "google-gemini": "@google/genai",
};

/** Where each protocol's request lands on the bench server: the handler, the URL it renders for, a matcher. */
const ROUTES: Record<Protocol, { handler: ProtocolHandler; url: string; matches: (url: string) => boolean }> =
  {
    "openai-responses": {
      handler: openaiResponsesHandler,
      url: "/v1/responses",
      matches: (u) => u.endsWith("/responses"),
    },
    "openai-chat": {
      handler: openaiChatHandler,
      url: "/v1/chat/completions",
      matches: (u) => u.endsWith("/chat/completions"),
    },
    "anthropic-messages": {
      handler: anthropicMessagesHandler,
      url: "/v1/messages",
      matches: (u) => u.endsWith("/messages"),
    },
    "google-gemini": {
      handler: googleGeminiHandler,
      url: "/v1beta/models/fake-model:streamGenerateContent?alt=sse",
      matches: (u) => u.includes("/models/"),
    },
  };

/** The base URL each client is given: the OpenAI clients and SDK take the version path, the others do not. */
const baseUrlFor = (protocol: Protocol, origin: string) =>
  protocol.startsWith("openai-") ? `${origin}/v1` : origin;

interface WorkerResult {
  runs: { ms: number; cpuMs: number; deltas: number; chars: number }[];
  baselineRssMb: number;
  peakRssMb: number;
}

interface Row {
  protocol: Protocol;
  impl: Impl;
  mb: number;
  ms: number;
  cpuMs: number;
  baselineRssMb: number;
  peakRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The handler's rendering of one answer as a single buffer: exactly the bytes the fake server would send. */
function render(protocol: Protocol, text: string): { headers: Record<string, string>; bytes: Buffer } {
  const { handler, url } = ROUTES[protocol];
  const request: RecordedRequest = {
    protocol: handler.protocol,
    method: "POST",
    url,
    headers: {},
    body: { model: "fake-model", stream: true, stream_options: { include_usage: true } },
    receivedAt: 0,
  };
  const rendered = handler.renderReply({ kind: "reply", text, chunkSize: CHUNK }, request);
  return { headers: rendered.headers, bytes: Buffer.from(rendered.events.join("")) };
}

async function orchestrate(): Promise<void> {
  const text = "tok ".repeat(DELTAS); // DELTAS deltas of CHUNK characters
  const answers = Object.fromEntries(PROTOCOLS.map((p) => [p, render(p, text)])) as Record<
    Protocol,
    ReturnType<typeof render>
  >;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const protocol = PROTOCOLS.find((p) => ROUTES[p].matches(req.url ?? ""));
      if (!protocol) {
        res.writeHead(404).end();
        return;
      }
      const answer = answers[protocol];
      res.writeHead(200, answer.headers);
      for (let i = 0; i < answer.bytes.length; i += 65_536) res.write(answer.bytes.subarray(i, i + 65_536));
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rows: Row[] = [];
  try {
    for (const protocol of PROTOCOLS) {
      for (const impl of IMPLS) {
        const result = await runWorker(impl, protocol, origin);
        const bad = result.runs.find((r) => r.deltas !== DELTAS || r.chars !== text.length);
        if (bad) throw new Error(`${impl}/${protocol}: got ${bad.deltas} deltas, ${bad.chars} chars`);
        rows.push({
          protocol,
          impl,
          mb: answers[protocol].bytes.length / 1e6,
          ms: median(result.runs.map((r) => r.ms)),
          cpuMs: median(result.runs.map((r) => r.cpuMs)),
          baselineRssMb: result.baselineRssMb,
          peakRssMb: result.peakRssMb,
        });
      }
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
  printTables(rows);
}

function printTables(rows: Row[]): void {
  console.log(
    `\nOne answer of ${DELTAS.toLocaleString("en-US")} text deltas, median of ${RUNS} runs after a warm-up (Node ${process.versions.node}).\n`,
  );
  console.log(
    "| protocol (stream size) | client | first delta → end (ms) | deltas/s | client CPU (ms) | RSS before (MB) | peak RSS (MB) |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const name = r.impl === "sdk" ? SDK_NAME[r.protocol] : r.impl;
    const rate = Math.round(DELTAS / (r.ms / 1000)).toLocaleString("en-US");
    console.log(
      `| ${r.protocol} (${r.mb.toFixed(1)} MB) | ${name} | ${r.ms.toFixed(0)} | ${rate} | ${r.cpuMs.toFixed(0)} | ${r.baselineRssMb.toFixed(0)} | ${r.peakRssMb.toFixed(0)} |`,
    );
  }
  console.log("\n| protocol | official SDK | SDK ÷ tandem, wall | SDK ÷ tandem, CPU |");
  console.log("|---|---|---:|---:|");
  for (const protocol of PROTOCOLS) {
    const ours = rows.find((r) => r.protocol === protocol && r.impl === "tandem");
    const sdk = rows.find((r) => r.protocol === protocol && r.impl === "sdk");
    if (!ours || !sdk) continue;
    console.log(
      `| ${protocol} | ${SDK_NAME[protocol]} | ${(sdk.ms / ours.ms).toFixed(1)}× | ${(sdk.cpuMs / ours.cpuMs).toFixed(1)}× |`,
    );
  }
}

function runWorker(impl: Impl, protocol: Protocol, origin: string): Promise<WorkerResult> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, "--worker", impl, protocol, origin], {
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

/** Counts the text deltas of one stream, timing wall and CPU from the first delta. */
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

/** Consumes one whole stream. */
type OneRun = () => Promise<Meter>;

async function worker(impl: Impl, protocol: Protocol, origin: string): Promise<void> {
  const baseUrl = baseUrlFor(protocol, origin);
  const run =
    impl === "sdk" ? await sdkRun(protocol, baseUrl) : tandemRun(protocol, baseUrl, impl === "tandem+retry");
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

function tandemClient(protocol: Protocol, baseUrl: string): ProviderClient {
  const options = { baseUrl, apiKey: "bench" };
  switch (protocol) {
    case "openai-responses":
      return createOpenAIResponsesClient(options);
    case "openai-chat":
      return createOpenAIChatClient(options);
    case "anthropic-messages":
      return createAnthropicMessagesClient(options);
    case "google-gemini":
      return createGoogleGeminiClient(options);
  }
}

function tandemRun(protocol: Protocol, baseUrl: string, retry: boolean): OneRun {
  const bare = tandemClient(protocol, baseUrl);
  const client = retry ? withRetry(bare) : bare;
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

/** Each SDK's plain streaming iterator, with its retries off (@google/genai retries only when asked). */
async function sdkRun(protocol: Protocol, baseUrl: string): Promise<OneRun> {
  if (protocol === "openai-chat" || protocol === "openai-responses") {
    const { default: OpenAI } = await import("openai");
    const client = new OpenAI({ apiKey: "bench", baseURL: baseUrl, maxRetries: 0 });
    if (protocol === "openai-chat")
      return async () => {
        const m = new Meter();
        const stream = await client.chat.completions.create({
          model: "fake-model",
          messages: [{ role: "user", content: "go" }],
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const chunk of stream) {
          const content = chunk.choices[0]?.delta.content;
          if (content) m.add(content);
        }
        return m;
      };
    return async () => {
      const m = new Meter();
      const stream = await client.responses.create({ model: "fake-model", input: "go", stream: true });
      for await (const event of stream) if (event.type === "response.output_text.delta") m.add(event.delta);
      return m;
    };
  }
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

const [flag, impl, protocol, origin] = process.argv.slice(2);
if (flag === "--worker" && impl && protocol && origin)
  await worker(impl as Impl, protocol as Protocol, origin);
else await orchestrate();
