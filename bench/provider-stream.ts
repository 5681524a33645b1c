/**
 * Streaming throughput of our OpenAI clients against the official `openai` SDK, on the same fake-server
 * stream: one answer of 20,000 text deltas (Chat Completions and Responses) sent at full speed.
 *
 * Run: `node bench/provider-stream.ts` (Node 24). The bytes are the fake model server's own rendering (its
 * OpenAI handlers), pre-rendered once and served from memory in 64 KiB writes, so the server is never the
 * bottleneck (the fake server writes frame by frame, which caps it below what a client can parse). Every
 * client runs in its own child process, so CPU time (process.cpuUsage) and peak RSS are the client's alone.
 * Each child does one warm-up stream and RUNS measured ones; the table shows medians and the child's peak RSS.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createOpenAIChatClient } from "../src/providers/openai-chat.ts";
import { createOpenAIResponsesClient } from "../src/providers/openai-responses.ts";
import { withRetry } from "../src/providers/retry.ts";
import type { ModelRequest, ProviderClient } from "../src/providers/types.ts";
import type { ProtocolHandler, RecordedRequest } from "../test/support/fake-model/handler.ts";
import { openaiChatHandler } from "../test/support/fake-model/handlers/openai-chat.ts";
import { openaiResponsesHandler } from "../test/support/fake-model/handlers/openai-responses.ts";

const DELTAS = 20_000;
const RUNS = 5;
const CHUNK = 4;

type Protocol = "openai-chat" | "openai-responses";
type Impl = "tandem" | "tandem+retry" | "openai-sdk";

interface WorkerResult {
  runs: { ms: number; cpuMs: number; deltas: number; chars: number }[];
  baselineRssMb: number;
  peakRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The handler's rendering of one answer as a single buffer: exactly the bytes the fake server would send. */
function render(handler: ProtocolHandler, text: string): { headers: Record<string, string>; bytes: Buffer } {
  const request: RecordedRequest = {
    protocol: handler.protocol,
    method: "POST",
    url: "/",
    headers: {},
    body: { model: "fake-model", stream: true, stream_options: { include_usage: true } },
    receivedAt: 0,
  };
  const rendered = handler.renderReply({ kind: "reply", text, chunkSize: CHUNK }, request);
  return { headers: rendered.headers, bytes: Buffer.from(rendered.events.join("")) };
}

async function orchestrate(): Promise<void> {
  const text = "tok ".repeat(DELTAS); // DELTAS deltas of CHUNK characters
  const answers = {
    "openai-chat": render(openaiChatHandler, text),
    "openai-responses": render(openaiResponsesHandler, text),
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const answer = req.url?.endsWith("/responses") ? answers["openai-responses"] : answers["openai-chat"];
      res.writeHead(200, answer.headers);
      for (let i = 0; i < answer.bytes.length; i += 65_536) res.write(answer.bytes.subarray(i, i + 65_536));
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const rows: string[] = [];
  try {
    for (const protocol of ["openai-chat", "openai-responses"] as Protocol[]) {
      const mb = answers[protocol].bytes.length / 1e6;
      for (const impl of ["tandem", "tandem+retry", "openai-sdk"] as Impl[]) {
        const result = await runWorker(impl, protocol, baseUrl);
        const runs = result.runs;
        const bad = runs.find((r) => r.deltas !== DELTAS || r.chars !== text.length);
        if (bad) throw new Error(`${impl}/${protocol}: got ${bad.deltas} deltas, ${bad.chars} chars`);
        const ms = median(runs.map((r) => r.ms));
        const cpu = median(runs.map((r) => r.cpuMs));
        rows.push(
          `| ${protocol} (${mb.toFixed(1)} MB) | ${impl} | ${ms.toFixed(0)} | ${Math.round(DELTAS / (ms / 1000)).toLocaleString("en-US")} | ${cpu.toFixed(0)} | ${result.baselineRssMb.toFixed(0)} | ${result.peakRssMb.toFixed(0)} |`,
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

/** Consumes one stream; times from the first text delta to the end. */
type OneRun = () => Promise<{
  first: number;
  end: number;
  deltas: number;
  chars: number;
  cpuAtFirst: NodeJS.CpuUsage;
}>;

async function worker(impl: Impl, protocol: Protocol, baseUrl: string): Promise<void> {
  const run: OneRun =
    impl === "openai-sdk"
      ? await sdkRun(protocol, baseUrl)
      : tandemRun(protocol, baseUrl, impl === "tandem+retry");
  const baselineRssMb = process.memoryUsage().rss / 1e6;
  const runs: WorkerResult["runs"] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const r = await run();
    const cpu = process.cpuUsage(r.cpuAtFirst);
    if (i > 0)
      runs.push({
        ms: r.end - r.first,
        cpuMs: (cpu.user + cpu.system) / 1000,
        deltas: r.deltas,
        chars: r.chars,
      });
  }
  const peakRssMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
  process.stdout.write(JSON.stringify({ runs, baselineRssMb, peakRssMb } satisfies WorkerResult));
}

/** `retry`: wrapped in withRetry, as the app runs it (one more async-generator layer per event). */
function tandemRun(protocol: Protocol, baseUrl: string, retry: boolean): OneRun {
  const bare: ProviderClient =
    protocol === "openai-chat"
      ? createOpenAIChatClient({ baseUrl })
      : createOpenAIResponsesClient({ baseUrl });
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
    let first = 0;
    let cpuAtFirst = process.cpuUsage();
    let deltas = 0;
    let chars = 0;
    for await (const event of client.stream(request)) {
      if (event.type === "text_delta") {
        if (deltas === 0) {
          first = performance.now();
          cpuAtFirst = process.cpuUsage();
        }
        deltas++;
        chars += event.delta.length;
      } else if (event.type === "error") throw new Error(event.error.message);
    }
    return { first, end: performance.now(), deltas, chars, cpuAtFirst };
  };
}

async function sdkRun(protocol: Protocol, baseUrl: string): Promise<OneRun> {
  const { default: OpenAI } = await import("openai");
  const client = new OpenAI({ apiKey: "bench", baseURL: baseUrl, maxRetries: 0 });
  return async () => {
    let first = 0;
    let cpuAtFirst = process.cpuUsage();
    let deltas = 0;
    let chars = 0;
    const onDelta = (delta: string) => {
      if (deltas === 0) {
        first = performance.now();
        cpuAtFirst = process.cpuUsage();
      }
      deltas++;
      chars += delta.length;
    };
    if (protocol === "openai-chat") {
      const stream = await client.chat.completions.create({
        model: "fake-model",
        messages: [{ role: "user", content: "go" }],
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta.content;
        if (content) onDelta(content);
      }
    } else {
      const stream = await client.responses.create({ model: "fake-model", input: "go", stream: true });
      for await (const event of stream) {
        if (event.type === "response.output_text.delta") onDelta(event.delta);
      }
    }
    return { first, end: performance.now(), deltas, chars, cpuAtFirst };
  };
}

const [flag, impl, protocol, baseUrl] = process.argv.slice(2);
if (flag === "--worker" && impl && protocol && baseUrl)
  await worker(impl as Impl, protocol as Protocol, baseUrl);
else await orchestrate();
