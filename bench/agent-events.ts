/**
 * What the event envelope, the fan-out and the session file's copy of the stream cost on the 20,000-token answer:
 * the real agent (`createAgent`, session file in a temp folder) streams 20,000 text deltas from an in-process
 * client (no HTTP, no parsing: what is left is the agent's own per-event work) to `--subscribers N` readers
 * (default 1). CPU (process.cpuUsage) from `user_input` to `session_finished`, median of `--runs N` (default 7,
 * after one warm-up). The client is a generator, so the figure is the agent's and the readers', nothing else.
 *
 * Run: `node bench/agent-events.ts [--runs N] [--subscribers N] [--compare DIR]`. `--compare DIR` loads another
 * tree's agent (DIR/src/core/agent.ts, e.g. `git archive main` unpacked) into the same process and alternates
 * run by run, so both meet the same load and JIT state; it reads that agent's stream through `subscribe()` when
 * it has one, else through `events` (the single-consumer queue before the event log).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgent as thisAgent } from "../src/core/agent.ts";
import type { AssistantMessage, ModelEntry, ProviderClient, StreamEvent } from "../src/providers/types.ts";

const TOKENS = 20_000;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg("--runs", 7);
const readers = arg("--subscribers", 1);
const compareDir = process.argv.includes("--compare")
  ? process.argv[process.argv.indexOf("--compare") + 1]
  : undefined;
type CreateAgent = typeof thisAgent;
/** `--no-file`: a memory-only session (no session file), to tell the file's share from the envelope's. */
const noFile = process.argv.includes("--no-file");

const usage = { input: 100, cached_input: 0, cache_write: 0, output: TOKENS, reasoning: 0 };
const entry: ModelEntry = {
  id: "bench/model",
  provider: "bench",
  model: "model",
  contextWindow: 1_000_000,
  maxOutput: 100_000,
  prices: { input: 1, output: 10 },
  capabilities: { tools: true, reasoning: false, images: false, editFormat: "edit" },
};
const words = Array.from({ length: TOKENS }, (_, i) => (i % 13 === 12 ? "word.\n" : ` w${i % 97}`));
const client: ProviderClient = {
  protocol: "openai-chat",
  async *stream(): AsyncIterable<StreamEvent> {
    for (const delta of words) yield { type: "text_delta", index: 0, delta };
    const message = {
      role: "assistant",
      content: [{ type: "text", text: words.join("") }],
      model: entry.id,
      protocol: "openai-chat",
      usage,
      stopReason: "stop",
    } as unknown as AssistantMessage;
    yield { type: "done", message };
  },
};

type Readable = { subscribe?: () => AsyncIterable<unknown>; events?: AsyncIterable<unknown> };

async function once(createAgent: CreateAgent, dir: string): Promise<number> {
  const agent = createAgent({
    cwd: dir,
    model: entry.id,
    resolveModel: () => ({ model: entry, client }),
    tools: [],
    systemPrompt: () => "bench",
    interactive: false,
    ...(noFile ? {} : { session: { dir } }),
  });
  const a = agent as unknown as Readable;
  // The single-consumer queue before the event log can only have one reader.
  const streams = a.subscribe
    ? Array.from({ length: readers }, () => (a.subscribe as () => AsyncIterable<unknown>)())
    : [a.events as AsyncIterable<unknown>];
  const start = process.cpuUsage();
  const counted = streams.map(async (stream) => {
    let n = 0;
    for await (const _ of stream) n++;
    return n;
  });
  agent.submit({ type: "user_input", text: "go" });
  agent.close();
  const counts = await Promise.all(counted);
  const used = process.cpuUsage(start);
  if ((counts[0] ?? 0) < TOKENS) throw new Error(`only ${counts[0]} events`);
  return (used.user + used.system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
const round = (x: number) => Math.round(x * 10) / 10;
const dir = await mkdtemp(join(tmpdir(), "tandem-bench-events-"));
try {
  const other = compareDir
    ? ((await import(join(compareDir, "src/core/agent.ts"))) as { createAgent: CreateAgent }).createAgent
    : undefined;
  await once(thisAgent, dir);
  if (other) await once(other, dir);
  const mine: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    mine.push(await once(thisAgent, dir));
    if (other) theirs.push(await once(other, dir));
  }
  const out: Record<string, unknown> = { runs, subscribers: readers, cpu_ms: round(median(mine)) };
  if (other) {
    out.compare_cpu_ms = round(median(theirs));
    out.ratio_of_medians = Math.round((100 * median(mine)) / median(theirs)) / 100;
    out.median_pair_ratio = Math.round(100 * median(mine.map((m, i) => m / (theirs[i] as number)))) / 100;
    out.min_cpu_ms = round(Math.min(...mine));
    out.compare_min_cpu_ms = round(Math.min(...theirs));
  }
  console.log(JSON.stringify(out));
} finally {
  if (!process.env.KEEP) await rm(dir, { recursive: true, force: true });
  else console.log(dir);
}
