/**
 * Where `tandem exec`'s time goes up to its first model request: CPU profiles (`--cpu-prof`) of fresh runs through a
 * build's launcher (its shebang's node flags), each cut where the request left, summed by what was running.
 *
 * The cut: the first sample inside node:net's connect (the request's socket), or with `--cut server` the moment
 * the fake server received the request (its time mapped onto the profile's clock: both are CLOCK_MONOTONIC). What
 * runs between the two is what held the request up after it started (docs/benchmarks.md, "Start-up", fourth
 * pass). Groups: GC, Node compiling a built-in (`compileForInternalLoader` on the stack), each of our chunks (the
 * nearest dist/ frame), anything else by its leaf function. Run under load, every figure inflates; compare
 * builds in one run (`--build NAME=DIR`, repeatable, alternated) or read the shares.
 *
 * Run: npx node bench/startup-profile.ts [--runs N] [--cut connect|server] [--top N] [--build NAME=DIR …]
 *   (default: this checkout, built; one warm-up run each, so the compile cache is filled)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeModel } from "../test/support/fake-model/index.ts";
import { createWorkspace, fakeProviderConfig } from "../test/support/run-tandem.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg("--runs") ?? 4);
const TOP = Number(arg("--top") ?? 25);
const CUT = arg("--cut") === "server" ? "server" : "connect";
const named = process.argv.flatMap((a, i) => (process.argv[i - 1] === "--build" ? [a.split("=")] : []));
const builds = named.length
  ? named.map(([name, dir]) => ({ name: name as string, dir: dir as string }))
  : [{ name: "this checkout", dir: fileURLToPath(new URL("..", import.meta.url)) }];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The launcher's node flags (`#!/usr/bin/env -S node FLAGS`), as bench/startup.ts reads them. */
function launcher(dir: string): string[] {
  const entry = join(dir, "bin/tandem.js");
  const flags = (readFileSync(entry, "utf8").split("\n")[0] ?? "")
    .split(/\s+/)
    .filter((w) => w.startsWith("--"));
  return [...flags, entry];
}

const short = (url: string) => url.split("/").slice(-2).join("/");

/** What a sample was doing, from its stack (leaf first). */
function groupOf(stack: ProfileNode[]): string {
  const leaf = stack[0]?.callFrame;
  if (!leaf) return "?";
  if (leaf.functionName.startsWith("(")) return leaf.functionName; // (garbage collector), (program), (idle)
  if (stack.some((n) => n.callFrame.functionName === "compileForInternalLoader"))
    return "Node built-ins compiled";
  const ours = stack.find((n) => n.callFrame.url.includes("/dist/"));
  if (ours) return `ours: ${short(ours.callFrame.url).replace(/-[\w-]{8}\.js$/, ".js")}`;
  return `${leaf.functionName || "(anonymous)"} ${short(leaf.url)}`;
}

/** Milliseconds per group up to the cut (the connect, or `serverUs` on the profile's clock). */
function summarize(profile: Profile, serverUs: number): { groups: Map<string, number>; cutMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number) => {
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node) stack.push(node);
    }
    return stack;
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) {
    t += delta;
    times.push(t);
  }
  let cut = serverUs;
  if (CUT === "connect") {
    const connect = profile.samples.findIndex((id) =>
      stackOf(id).some((n) => n.callFrame.url === "node:net" && /connect/i.test(n.callFrame.functionName)),
    );
    if (connect >= 0) cut = times[connect] as number;
  }
  const groups = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const at = times[i] as number;
    if (at > cut) return;
    const ms = ((times[i + 1] ?? at) - at) / 1000;
    const group = groupOf(stackOf(id));
    groups.set(group, (groups.get(group) ?? 0) + ms);
  });
  return { groups, cutMs: (cut - profile.startTime) / 1000 };
}

const server = await startFakeModel();
const ws = await createWorkspace({
  config: fakeProviderConfig("openai-chat", server.baseUrl("openai-chat")),
});
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TANDEM_HOME: ws.home,
  FAKE_API_KEY: "b",
  NO_COLOR: "1",
};
const totals = new Map(
  builds.map((b) => [b.name, { groups: new Map<string, number>(), cuts: [] as number[] }]),
);
const loadBefore = loadavg()[0] as number;
try {
  for (let run = 0; run <= RUNS; run++) {
    for (const b of run % 2 ? [...builds].reverse() : builds) {
      const dir = mkdtempSync(join(tmpdir(), "tandem-prof-"));
      const idx = server.requests.length;
      server.enqueue({ kind: "reply", text: "ok" });
      // Run 0 is the warm-up (the compile cache filled), not profiled.
      const prof = run ? ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=250"] : [];
      const [flags, entry] = [launcher(b.dir).slice(0, -1), launcher(b.dir).at(-1) as string];
      const child = spawn(process.execPath, [...flags, ...prof, entry, "exec", "hi"], {
        cwd: ws.cwd,
        env,
        stdio: ["ignore", "ignore", "ignore"],
      });
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      const req = server.requests[idx];
      if (code !== 0 || !req) throw new Error(`${b.name}: run failed (exit ${code})`);
      if (run) {
        const file = readdirSync(dir)[0] as string;
        const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
        // performance.now() is uv_hrtime since timeOrigin; the profile's clock is the same monotonic clock in µs.
        const hrAtZeroMs = Number(process.hrtime.bigint()) / 1e6 - performance.now();
        const serverUs = (req.receivedAt - performance.timeOrigin + hrAtZeroMs) * 1000;
        const { groups, cutMs } = summarize(profile, serverUs);
        const total = totals.get(b.name);
        total?.cuts.push(cutMs);
        for (const [g, ms] of groups) total?.groups.set(g, (total.groups.get(g) ?? 0) + ms / RUNS);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await ws.cleanup();
  await server.close();
}

console.log(
  `Node ${process.version}, ${RUNS} profiled runs each, cut at ${CUT === "server" ? "the server's receipt" : "the connect"}; load average ${loadBefore.toFixed(2)} → ${(loadavg()[0] as number).toFixed(2)}`,
);
for (const [name, { groups, cuts }] of totals) {
  const sampled = [...groups.values()].reduce((a, b) => a + b, 0);
  const median = [...cuts].sort((a, b) => a - b)[Math.floor(cuts.length / 2)] ?? Number.NaN;
  console.log(`\n${name}: profile start → cut, median ${median.toFixed(0)} ms; per run, ms:`);
  for (const [g, ms] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`${ms.toFixed(1).padStart(7)}  ${g}`);
  }
  console.log(`${sampled.toFixed(1).padStart(7)}  (all samples up to the cut)`);
}
