/**
 * Start-up of `tandem exec` in two builds, alternated in one run so a shared, noisy machine moves both alike:
 *   - spawn → first model request (the fake server's receive time), reply "ok"
 *   - peak RSS of that run, and of a run with three shell calls then an answer (the peer benchmark's shape)
 *   - CPU and peak RSS of a 20,000-token answer at full speed (as bench/exec.ts)
 * Each build is a package folder with bin/tandem.js (run with its shebang's node flags, as a user runs it) and
 * its dist/. With one folder, only that build is measured.
 *
 * Run: npx node bench/startup.ts [--runs N] [--before DIR] [--after DIR]   (default: this checkout as "after")
 * To keep a "before": copy bin/, dist/ and package.json to a folder and link node_modules beside them.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeModel } from "../test/support/fake-model/index.ts";
import { createWorkspace, fakeProviderConfig } from "../test/support/run-tandem.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg("--runs") ?? 15);
// `--build NAME=DIR` (repeatable) measures more than two builds side by side (e.g. node flags in the launcher).
const named = process.argv.flatMap((a, i) => (process.argv[i - 1] === "--build" ? [a.split("=")] : []));
const builds = named.length
  ? named.map(([name, dir]) => ({ name: name as string, dir: dir as string }))
  : [
      ...(arg("--before") ? [{ name: "before", dir: arg("--before") as string }] : []),
      { name: "after", dir: arg("--after") ?? fileURLToPath(new URL("..", import.meta.url)) },
    ];
for (const b of builds) {
  if (!existsSync(join(b.dir, "bin/tandem.js"))) throw new Error(`${b.dir}: no bin/tandem.js`);
}

const now = () => performance.timeOrigin + performance.now();
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** The launcher's node flags (`#!/usr/bin/env -S node FLAGS`) and the entry, so a run is what a user runs. */
function command(dir: string, args: string[]): string[] {
  const entry = join(dir, "bin/tandem.js");
  const flags = (readFileSync(entry, "utf8").split("\n")[0] ?? "")
    .split(/\s+/)
    .filter((w) => w.startsWith("--"));
  return [...flags, entry, ...args];
}

interface Exit {
  startedAt: number;
  code: number | null;
  maxRssMb: number;
  /** User + system CPU of the whole run (steadier than wall time on a loaded machine). */
  cpuMs: number;
  stderr: string;
}

/** Under GNU time for the peak RSS (`%M`, KiB) of the node process itself. */
function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve) => {
    const startedAt = now();
    const child = spawn("/usr/bin/time", ["-f", "@@RSS %M %U %S", process.execPath, ...args], {
      cwd,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("close", (code) => {
      const m = /@@RSS (\d+) (\S+) (\S+)/.exec(stderr);
      resolve({
        startedAt,
        code,
        maxRssMb: m ? Number(m[1]) / 1024 : Number.NaN,
        cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : Number.NaN,
        stderr,
      });
    });
  });
}

const server = await startFakeModel();
const ws = await createWorkspace({
  config: fakeProviderConfig("openai-chat", server.baseUrl("openai-chat")),
});
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TANDEM_HOME: ws.home,
  FAKE_API_KEY: "bench",
  NO_COLOR: "1",
};
const figures = new Map(
  builds.map((b) => [
    b.name,
    {
      startup: [] as number[],
      cpu: [] as number[],
      rss: [] as number[],
      toolRss: [] as number[],
      streamCpu: [] as number[],
      streamRss: [] as number[],
    },
  ]),
);
type Figures = typeof figures extends Map<string, infer F> ? F : never;
/** bench/exec.ts's 20,000-token answer at full speed: the most garbage a run makes, so the young generation's peak. */
const answer = Array.from({ length: 20_000 }, (_, i) => (i % 12 === 11 ? " token\n" : " token"));
const loadBefore = loadavg()[0] as number;
try {
  // One warm-up each (fills Node's compile cache, as every start after a user's first has it).
  for (const b of builds) {
    const idx = server.requests.length;
    server.enqueue({ kind: "reply", text: "ok" });
    const r = await run(command(b.dir, ["exec", "hi"]), ws.cwd, env);
    if (r.code !== 0 || !server.requests[idx]) throw new Error(`${b.name}: warm-up failed: ${r.stderr}`);
  }
  for (let i = 0; i < RUNS; i++) {
    // Alternate which build goes first, so neither always follows the other.
    const order = i % 2 ? [...builds].reverse() : builds;
    for (const b of order) {
      const f = figures.get(b.name) as Figures;
      const idx = server.requests.length;
      server.enqueue({ kind: "reply", text: "ok" });
      const r = await run(command(b.dir, ["exec", "hi"]), ws.cwd, env);
      const req = server.requests[idx];
      if (r.code !== 0 || !req) throw new Error(`${b.name}: run failed: ${r.stderr}`);
      f.startup.push(req.receivedAt - r.startedAt);
      f.rss.push(r.maxRssMb);
      f.cpu.push(r.cpuMs);
      for (const command of ["ls", "cat README.md", "true"]) {
        server.enqueue({ kind: "reply", toolCalls: [{ name: "shell", arguments: { command } }] });
      }
      server.enqueue({ kind: "reply", text: "done" });
      const t = await run(command(b.dir, ["exec", "look around"]), ws.cwd, env);
      if (t.code !== 0) throw new Error(`${b.name}: tool run failed: ${t.stderr}`);
      f.toolRss.push(t.maxRssMb);
      server.enqueue({ kind: "reply", chunks: answer, usage: { output: 20_000 } });
      const a = await run(command(b.dir, ["exec", "write"]), ws.cwd, env);
      if (a.code !== 0) throw new Error(`${b.name}: 20k answer failed: ${a.stderr}`);
      f.streamCpu.push(a.cpuMs);
      f.streamRss.push(a.maxRssMb);
    }
  }
} finally {
  await ws.cleanup();
  await server.close();
}

const loadAfter = loadavg()[0] as number;
console.log(
  `Node ${process.version}, ${RUNS} runs each, alternated, medians; load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}\n`,
);
console.log(
  "| build | spawn → first request | CPU, reply only | peak RSS, reply only | peak RSS, 3 shell calls | 20k answer: CPU, peak RSS |\n|---|---|---|---|---|---|",
);
for (const [name, f] of figures) {
  console.log(
    `| ${name} | ${median(f.startup).toFixed(0)} ms | ${median(f.cpu).toFixed(0)} ms | ${median(f.rss).toFixed(1)} MB | ${median(f.toolRss).toFixed(1)} MB | ${median(f.streamCpu).toFixed(0)} ms, ${median(f.streamRss).toFixed(1)} MB |`,
  );
}
const [first, ...others] = [...figures];
const ratio = (x: number[], y: number[]) => (median(x) / median(y)).toFixed(2);
for (const [name, b] of others) {
  const a = first?.[1] as Figures;
  console.log(
    `| ${name} ÷ ${first?.[0]} | ${ratio(b.startup, a.startup)} | ${ratio(b.cpu, a.cpu)} | ${ratio(b.rss, a.rss)} | ${ratio(b.toolRss, a.toolRss)} | ${ratio(b.streamCpu, a.streamCpu)}, ${ratio(b.streamRss, a.streamRss)} |`,
  );
}
