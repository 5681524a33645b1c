/**
 * The terminal UI under a 20,000-delta answer streamed at full speed: our differential line renderer
 * (src/tui/screen.ts) against Ink 6 (<Static> for finished items, a live <Text>), both drawing the same
 * markdown rows into a headless xterm.js terminal (120×40), frames coalesced to at most 60 per second.
 *
 * Run: `node bench/tui.ts`. Each renderer runs in its own child process (CPU time and peak RSS are its own);
 * the terminal parse (xterm.js) is included in CPU time for both. Deltas arrive in batches of 200 per
 * macrotask, as a provider client hands them over per network read.
 * Figures: import time, CPU time, wall time from first delta to last, from the last delta to the final
 * frame on screen, frames drawn, and whether the final screen shows the answer's end (keeps up).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const DELTAS = 20_000;
const BATCH = 200;
const COLS = 120;
const ROWS = 40;

function answerDeltas(): string[] {
  const words = "the quick brown fox jumps over a lazy dog while `code` and **bold** words stream by".split(
    " ",
  );
  const out: string[] = [];
  let n = 0;
  while (out.length < DELTAS) {
    if (out.length % 400 === 399) out.push("\n\n");
    else if (out.length % 1000 === 500) out.push("\n\n```ts\nconst x = 1;\n```\n\n");
    else out.push(`${words[n++ % words.length]} `);
  }
  out.push("\n\nTHE-END");
  return out;
}

interface Result {
  renderer: string;
  importMs: number;
  cpuMs: number;
  streamMs: number;
  settleMs: number;
  frames: number;
  keptUp: boolean;
  rssMb: number;
}

async function worker(kind: string): Promise<Result> {
  const { createHeadlessTerminal } = await import("../test/tui/support/headless-terminal.ts");
  const { createStyle } = await import("../src/tui/style.ts");
  const { renderMarkdown } = await import("../src/tui/markdown.ts");
  const term = createHeadlessTerminal(COLS, ROWS);
  const style = createStyle(true);
  const deltas = answerDeltas();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let frames = 0;
  let push: (delta: string) => void;
  let finish: () => Promise<void>;
  let importMs: number;

  if (kind === "tandem" || kind === "tandem-null") {
    const i0 = performance.now();
    const { createScreen } = await import("../src/tui/screen.ts");
    importMs = performance.now() - i0;
    let bytes = 0;
    const write =
      kind === "tandem"
        ? (d: string) => term.write(d)
        : (d: string) => {
            // A null stream: our own cost alone; the final frame is checked by its bytes.
            bytes += d.length;
            if (d.includes("THE-END")) term.write("THE-END\r\n");
          };
    void bytes;
    const screen = createScreen({
      terminal: { write, columns: () => COLS, rows: () => ROWS },
      style,
      model: "m",
      cwd: "/",
    });
    screen.apply({ type: "turn_started", turn_id: "t" });
    push = (delta) => screen.apply({ type: "message_delta", turn_id: "t", message_id: "m", delta });
    finish = async () => {
      screen.apply({ type: "message_done", turn_id: "t", message_id: "m", text: deltas.join("") });
      screen.apply({ type: "turn_finished", turn_id: "t", status: "done", steps: 1 });
      await screen.idle();
      frames = screen.frames;
    };
  } else {
    const i0 = performance.now();
    const React = await import("react");
    const ink = await import("ink");
    importMs = performance.now() - i0;
    const { Writable } = await import("node:stream");
    const stdout = Object.assign(
      new Writable({
        write(chunk, _enc, cb) {
          term.write(String(chunk));
          cb();
        },
      }),
      { columns: COLS, rows: ROWS, isTTY: true },
    ) as unknown as NodeJS.WriteStream;
    const h = React.createElement;
    let text = "";
    let done: string[] = [];
    const view = () =>
      h(
        ink.Box,
        { flexDirection: "column" },
        h(ink.Static<string>, {
          items: done,
          children: (item: string, i: number) => h(ink.Text, { key: i }, item),
        }),
        h(
          ink.Text,
          null,
          renderMarkdown(text.slice(-COLS * ROWS * 2), { width: COLS, style })
            .slice(-ROWS + 3)
            .join("\n"),
        ),
        h(ink.Text, null, "› composer"),
      );
    const app = ink.render(view(), {
      stdout,
      patchConsole: false,
      exitOnCtrlC: false,
      maxFps: 60,
      incrementalRendering: true,
    });
    let timer: NodeJS.Timeout | undefined;
    let last = -Infinity;
    const frame = () => {
      timer = undefined;
      last = performance.now();
      frames++;
      app.rerender(view());
    };
    push = (delta) => {
      text += delta;
      timer ??= setTimeout(frame, Math.max(0, last + 16 - performance.now()));
    };
    finish = async () => {
      if (timer) clearTimeout(timer);
      done = renderMarkdown(text, { width: COLS, style });
      text = "";
      frame();
      await new Promise((r) => setTimeout(r, 50));
      app.unmount();
    };
  }

  const start = performance.now();
  for (let i = 0; i < deltas.length; i += BATCH) {
    for (const d of deltas.slice(i, i + BATCH)) push(d);
    await new Promise((r) => setImmediate(r));
  }
  const lastDelta = performance.now();
  await finish();
  await term.flush();
  const end = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const keptUp = term.lines().some((l) => l.includes("THE-END"));
  void t0;
  return {
    renderer: kind,
    importMs: Math.round(importMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    streamMs: Math.round(lastDelta - start),
    settleMs: Math.round(end - lastDelta),
    frames,
    keptUp,
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
}

async function main() {
  const kind = process.argv[2];
  if (kind) {
    process.stdout.write(`${JSON.stringify(await worker(kind))}\n`);
    return;
  }
  const rows: Result[] = [];
  for (const k of ["tandem", "tandem-null", "ink"]) {
    for (let run = 0; run < 3; run++) {
      const out = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [fileURLToPath(import.meta.url), k], {
          stdio: ["ignore", "pipe", "inherit"],
        });
        let s = "";
        child.stdout.on("data", (d) => {
          s += d;
        });
        child.on("close", () => resolve(s));
      });
      rows.push(JSON.parse(out) as Result);
    }
  }
  console.table(rows);
}

await main();
