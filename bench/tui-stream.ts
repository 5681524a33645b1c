/**
 * The whole interactive UI under fast models: the fake model server (OpenAI Chat wire format) streams to the
 * real provider client and agent (`createAgentSession`, config in a temp TANDEM_HOME) and the real app
 * (`runApp`), whose output goes through a pipe into a headless xterm.js terminal (120×40), as a terminal
 * emulator would read it from a pty.
 *
 * Run: `npm run bench:tui-stream` (`node bench/tui-stream.ts [--runs N] [--turns N]`).
 *
 * Process layout, so that each figure is the UI's own: the server and the terminal live in this process; the
 * UI (app + agent + provider client) runs in a child started with the launcher's node flags (bin/tandem.js)
 * plus --expose-gc, one child per measured run. Its CPU time, frame log and memory come from inside it over
 * IPC; typing goes to its stdin. Not the `tandem` binary itself: it refuses to start without a TTY, and a pty
 * (tmux) would only let us poll the screen, not time frames or force a GC. The child runs exactly what
 * src/tui/run.ts runs after the TTY check.
 *
 * A token is one o200k token (gpt-tokenizer) and one SSE delta: the answer is tokenized and each token is
 * sent as its own delta, as vendors stream. Figures:
 *  - 20,000-token answer at full speed and at 1,000 tokens/s (`tokensPerSecond` on the fake server):
 *    frames drawn and the most in any 1 s window (target ≤ 60); server's last byte → the answer's last words
 *    visible on the headless screen (target ≤ 0.5 s at full speed); the UI process's CPU from Enter to the
 *    turn's end vs the stream's wall time (first → last byte; target CPU < stream); peak RSS.
 *  - a 200-turn session (each turn: a `read` tool call, then a ~1,500-token answer at full speed): RSS and
 *    heap after forced GCs at turns 10, 50, 100, 150, 200 (and 300, 400 with `--turns 400`).
 * Options: `--runs N` (full-speed runs, default 3; paced runs are half as many), `--turns N` (default 200),
 * `--only full|paced|session`, `--profile DIR` (a V8 CPU profile per UI child), BENCH_DEBUG=1 (frame times).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createConversation } from "../src/conversation/reduce.ts";

const COLS = 120;
const ROWS = 40;
const TOKENS = 20_000;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
/** `--profile DIR`: each UI child writes a V8 CPU profile there (open in Chrome DevTools). */
const profileDir = process.argv.includes("--profile")
  ? process.argv[process.argv.indexOf("--profile") + 1]
  : undefined;
const clock = () => performance.timeOrigin + performance.now();

type ToWorker = { type: "mark" } | { type: "stats"; gc: boolean };
interface Stats {
  type: "stats";
  cpuMs: number;
  /** Frame writes (synchronized-output blocks) since the mark, as clock() times. */
  frames: number[];
  draws: number;
  rssMb: number;
  maxRssMb: number;
  heapMb: number;
  externalMb: number;
}
type FromWorker = { type: "ready" } | { type: "marked" } | Stats;

/** The child: the UI exactly as run.ts opens it, on a pipe terminal of COLS×ROWS. */
async function worker(): Promise<void> {
  // As the launcher does: later starts reuse compiled code.
  (await import("node:module")).enableCompileCache?.();
  const { createAgentSession } = await import("../src/app/agent-session.ts");
  const { runApp } = await import("../src/tui/app.ts");
  const { createStyle } = await import("../src/tui/style.ts");
  const { SYNC_START } = await import("../src/tui/line-renderer.ts");
  const s = await createAgentSession({ env: process.env, interactive: true });
  let frames: number[] = [];
  const app = runApp({
    terminal: {
      write(data) {
        if (data.includes(SYNC_START)) frames.push(clock());
        process.stdout.write(data);
      },
      columns: () => COLS,
      rows: () => ROWS,
      onInput(listener) {
        process.stdin.setEncoding("utf8");
        process.stdin.on("data", (d: string) => listener(d));
      },
      onResize: () => undefined,
      restore: () => undefined,
    },
    style: createStyle(true),
    session: {
      agent: s.agent,
      model: s.model,
      cwd: s.cwd,
      mode: s.safety.mode,
      sandbox: s.safety.sandbox,
      conversation: createConversation({
        model: s.model,
        cwd: s.cwd,
        mode: s.safety.mode,
        sandbox: s.safety.sandbox,
      }),
      warnings: s.warnings,
    },
    home: process.env.TANDEM_HOME,
    openSession: () => Promise.reject(new Error("not in the benchmark")),
    listSessions: async () => [],
  });
  const send = (m: FromWorker) => process.send?.(m);
  let cpu0 = process.cpuUsage();
  let draws0 = 0;
  process.on("message", (m: ToWorker) => {
    if (m.type === "mark") {
      frames = [];
      draws0 = app.screen.frames;
      cpu0 = process.cpuUsage();
      send({ type: "marked" });
      return;
    }
    const cpu = process.cpuUsage(cpu0);
    if (m.gc) {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
    }
    const mem = process.memoryUsage();
    send({
      type: "stats",
      cpuMs: (cpu.user + cpu.system) / 1000,
      frames,
      draws: app.screen.frames - draws0,
      rssMb: mem.rss / 1e6,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      heapMb: mem.heapUsed / 1e6,
      externalMb: (mem.external + mem.arrayBuffers) / 1e6,
    });
  });
  send({ type: "ready" });
  await app.done;
  process.exit(0);
}

/** Markdown like a coding answer (heading, prose, list, code block), about `tokens` o200k tokens, ASCII. */
async function answer(tokens: number, end: string): Promise<{ chunks: string[]; tokens: number }> {
  const { encode, decode } = await import("gpt-tokenizer/encoding/o200k_base");
  const block = (n: number) =>
    [
      `## Step ${n}: the parser`,
      "",
      "The tokenizer reads the input once and hands **tokens** to the parser, which builds the tree in a",
      "single pass. Each `Node` keeps its span, so an error can point at the exact place in the source.",
      "",
      "- keep the lexer small and fast",
      `- report errors with the line and column (case ${n})`,
      "- never allocate in the hot loop",
      "",
      "```ts",
      "export function parse(input: string): Node {",
      "  const lexer = createLexer(input);",
      `  return parseProgram(lexer, { depth: ${n} });`,
      "}",
      "```",
      "",
    ].join("\n");
  const perBlock = encode(block(10)).length;
  const parts: string[] = [];
  for (let n = 1; n <= Math.max(1, Math.floor(tokens / perBlock)); n++) parts.push(block(n));
  parts.push(`That is all. ${end}`);
  const text = parts.join("\n");
  const chunks = encode(text).map((t) => decode([t]));
  if (chunks.join("") !== text) throw new Error("token chunks do not rebuild the answer");
  return { chunks, tokens: chunks.length };
}

interface Ui {
  child: ChildProcess;
  term: import("../test/tui/support/headless-terminal.ts").HeadlessTerminal;
  ask(m: ToWorker): Promise<FromWorker>;
  type(text: string): void;
  /** Resolves with the clock() time at which `check` first holds, checked after each output is parsed. */
  when(check: () => boolean, what: string, timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

const launcherFlags = (() => {
  const entry = fileURLToPath(new URL("../bin/tandem.js", import.meta.url));
  return (readFileSync(entry, "utf8").split("\n")[0] ?? "").split(/\s+/).filter((w) => w.startsWith("--"));
})();

async function startUi(cwd: string, env: NodeJS.ProcessEnv): Promise<Ui> {
  const { createHeadlessTerminal } = await import("../test/tui/support/headless-terminal.ts");
  const term = createHeadlessTerminal(COLS, ROWS);
  const child = spawn(
    process.execPath,
    [
      ...launcherFlags,
      "--expose-gc",
      ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
      fileURLToPath(import.meta.url),
      "--worker",
    ],
    { cwd, env, stdio: ["pipe", "pipe", "inherit", "ipc"] },
  );
  const watchers: { check: () => boolean; resolve: (t: number) => void }[] = [];
  const poll = () => {
    for (const w of watchers.slice()) {
      if (!w.check()) continue;
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve(clock());
    }
  };
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    term.write(d);
    void term.flush().then(poll);
  });
  const replies: ((m: FromWorker) => void)[] = [];
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((r) => {
    ready = r;
  });
  child.on("message", (m: FromWorker) => {
    if (m.type === "ready") ready();
    else replies.shift()?.(m);
  });
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  await Promise.race([
    isReady,
    exited.then(() => {
      throw new Error("the UI child exited before it was ready");
    }),
  ]);
  const ui: Ui = {
    child,
    term,
    ask: (m) =>
      new Promise((resolve) => {
        replies.push(resolve);
        child.send(m);
      }),
    type: (text) => child.stdin?.write(text),
    when(check, what, timeoutMs = 120_000) {
      if (check()) return Promise.resolve(clock());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`timed out waiting for ${what}:\n${term.screen().join("\n")}`));
        }, timeoutMs);
        watchers.push({
          check,
          resolve: (t) => {
            clearTimeout(timer);
            resolve(t);
          },
        });
      });
    },
    async close() {
      ui.type("\x03\x03");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
      term.dispose();
    },
  };
  await ui.when(() => term.screen().some((l) => l.includes("/help")), "the composer");
  // A person takes longer than this to type the first message; the UI finishes loading in the meantime.
  await new Promise((r) => setTimeout(r, 1000));
  return ui;
}

const screenHas = (ui: Ui, text: string) => ui.term.screen().some((l) => l.includes(text));
const idle = (ui: Ui) => !ui.term.screen().some((l) => / working \d/.test(l));

function maxPerSecond(times: number[]): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while ((times[hi] as number) - (times[lo] as number) >= 1000) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

async function main(): Promise<void> {
  const { startFakeModel } = await import("../test/support/fake-model/index.ts");
  const { fakeProviderConfig } = await import("../test/support/run-tandem.ts");
  const runs = arg("--runs", 3);
  const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
  const turns = arg("--turns", 200);
  const load0 = loadavg();
  const server = await startFakeModel();
  const root = await mkdtemp(join(tmpdir(), "tandem-bench-tui-"));
  const home = join(root, "home");
  const cwd = join(root, "project");
  await mkdir(home, { recursive: true });
  await mkdir(cwd, { recursive: true });
  await writeFile(join(cwd, "notes.md"), "# Notes\n\nThe parser is a single pass.\n".repeat(20));
  await writeFile(
    join(home, "config.toml"),
    // Large enough that 200 turns never trigger compaction: this measures the UI, not the compactor.
    fakeProviderConfig("openai-chat", server.baseUrl("openai-chat"), "", {
      context_window: 10_000_000,
      max_output: 32_000,
    }),
  );
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    TERM: "xterm-256color",
    TANDEM_HOME: home,
    FAKE_API_KEY: "bench",
  };
  const out: string[] = [];
  try {
    for (const rate of only === "session"
      ? []
      : only === "full"
        ? [undefined]
        : only === "paced"
          ? [1000]
          : [undefined, 1000]) {
      const label = rate ? `${rate} tokens/s` : "full speed";
      for (let run = 1; run <= (rate ? Math.max(1, Math.ceil(runs / 2)) : runs); run++) {
        const end = `END-OF-ANSWER-${run}.`;
        const { chunks, tokens } = await answer(TOKENS, end);
        const ui = await startUi(cwd, env);
        const index = server.requests.length;
        server.enqueue({
          kind: "reply",
          chunks,
          usage: { output: tokens },
          ...(rate ? { tokensPerSecond: rate } : {}),
        });
        await ui.ask({ type: "mark" });
        ui.type("Write the long answer\r");
        const request = () => server.requests[index];
        const shownAt = await ui.when(() => screenHas(ui, end), "the answer's last words");
        await ui.when(() => request()?.respondedAt !== undefined && idle(ui), "the turn's end");
        const stats = (await ui.ask({ type: "stats", gc: false })) as Stats;
        const req = request();
        const first = req?.firstByteAt ?? 0;
        const last = req?.respondedAt ?? 0;
        const whole = ui.term.lines().join("\n");
        const complete = whole.includes("Step 1: the parser") && whole.includes(end);
        await ui.close();
        const streamMs = last - first;
        const row = {
          case: label,
          run,
          tokens,
          frames: stats.frames.length,
          maxFramesIn1s: maxPerSecond(stats.frames),
          lastByteToShownMs: Math.round(shownAt - last),
          streamMs: Math.round(streamMs),
          cpuMs: Math.round(stats.cpuMs),
          cpuPerStream: Number((stats.cpuMs / streamMs).toFixed(2)),
          peakRssMb: Math.round(stats.maxRssMb),
          complete,
        };
        console.log(JSON.stringify(row));
        if (process.env.BENCH_DEBUG)
          console.log(
            "frames after first byte (ms):",
            stats.frames.map((t) => Math.round(t - first)).join(" "),
            "last byte",
            Math.round(last - first),
            "shown",
            Math.round(shownAt - first),
          );
        out.push(
          `| ${label} | ${run} | ${tokens} | ${row.frames} | ${row.maxFramesIn1s} | ${row.lastByteToShownMs} ms | ${row.streamMs} ms | ${row.cpuMs} ms (${row.cpuPerStream}×) | ${row.peakRssMb} MB | ${complete ? "yes" : "NO"} |`,
        );
      }
    }

    if (turns > 0 && (only === undefined || only === "session")) {
      const ui = await startUi(cwd, env);
      const memory: string[] = [];
      const marks = new Set([10, 50, 100, 150, 200, 300, 400, turns]);
      let totalTokens = 0;
      const t0 = clock();
      for (let turn = 1; turn <= turns; turn++) {
        const end = `END-OF-TURN-${turn}.`;
        const reply = await answer(1500, end);
        totalTokens += reply.tokens;
        server.enqueue(
          {
            kind: "reply",
            text: "Let me read the notes.",
            toolCalls: [{ name: "read", arguments: { path: "notes.md" } }],
          },
          { kind: "reply", chunks: reply.chunks, usage: { output: reply.tokens } },
        );
        ui.type(`Question ${turn}: explain the parser\r`);
        await ui.when(() => screenHas(ui, end) && idle(ui), `turn ${turn}`);
        if (marks.has(turn)) {
          const s = (await ui.ask({ type: "stats", gc: true })) as Stats;
          const row = `| ${turn} | ${s.rssMb.toFixed(0)} MB | ${s.heapMb.toFixed(1)} MB | ${s.externalMb.toFixed(1)} MB | ${s.maxRssMb.toFixed(0)} MB |`;
          console.log(row);
          memory.push(row);
        }
      }
      const wall = (clock() - t0) / 1000;
      await ui.close();
      out.push(
        "",
        `${turns}-turn session (${totalTokens} answer tokens, ${wall.toFixed(0)} s):`,
        "",
        "| after turn | RSS | heap used (after GC) | external + array buffers | peak RSS so far |",
        "| --- | --- | --- | --- | --- |",
        ...memory,
      );
    }
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
  const load1 = loadavg();
  console.log(
    [
      "",
      `load average before ${load0.map((l) => l.toFixed(2)).join(" ")}, after ${load1.map((l) => l.toFixed(2)).join(" ")}`,
      "",
      "| case | run | tokens | frames | max frames in 1 s | last byte → last words shown | stream (first → last byte) | UI CPU (× stream) | peak RSS | whole answer in scrollback |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...out,
    ].join("\n"),
  );
}

if (process.argv.includes("--worker")) await worker();
else await main();
