/**
 * Per tool call cost of two (or more) tandem builds, alternated in one loop so both see the same machine load:
 * `npx node bench/per-call.ts --tandem NAME=PATH/bin/tandem.js [--tandem …] [--rounds N] [--calls N]`.
 * Each round runs every build twice against the fake model server: once with N calls of `true` (bench/exec.ts's
 * per-call run: auto mode, sandboxed, analysed, not checkpointed), once answering at once. Reported per build,
 * medians over rounds:
 * - the median gap (end of a response → next request) of the N-call run, as bench/exec.ts;
 * - CPU per call: (CPU of the N-call run − CPU of the answer-only run) / N, tandem and its children (bwrap,
 *   bash, git) from GNU time; load inflates it far less than wall-clock gaps.
 * Each build runs with the node flags of its own launcher's shebang, as a user runs it.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeModel } from "../test/support/fake-model/index.ts";
import { fakeProviderConfig } from "../test/support/run-tandem.ts";

const builds = process.argv
  .flatMap((a, i) => (process.argv[i - 1] === "--tandem" ? [a] : []))
  .map((spec) => {
    const [name, file] = spec.includes("=") ? (spec.split("=", 2) as [string, string]) : [spec, spec];
    const flags = (readFileSync(file, "utf8").split("\n")[0] ?? "")
      .split(/\s+/)
      .filter((w) => w.startsWith("--"));
    return { name, args: [...flags, file] };
  });
const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const ROUNDS = flag("--rounds", 5);
const CALLS = flag("--calls", 20);
if (builds.length === 0) {
  console.error("usage: npx node bench/per-call.ts --tandem NAME=PATH/bin/tandem.js [--tandem …]");
  process.exit(2);
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function cpuOf(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "@@TIME %U %S", process.execPath, ...args], { cwd, env });
    let stderr = "";
    child.stdout.resume();
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("close", (code) => {
      const m = /@@TIME (\S+) (\S+)/.exec(stderr);
      if (code !== 0 || !m) reject(new Error(`tandem failed (${code}): ${stderr}`));
      else resolve((Number(m[1]) + Number(m[2])) * 1000);
    });
  });
}

const server = await startFakeModel();
const root = await mkdtemp(join(tmpdir(), "tandem-bench-per-call-"));
const loadBefore = loadavg()[0] ?? 0;
try {
  const results = new Map(builds.map((b) => [b.name, { gap: [] as number[], cpu: [] as number[] }]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...builds].reverse() : builds;
    for (const build of order) {
      // A fresh home and project per run: no checkpoint store or session carried over between builds.
      const dir = await mkdtemp(join(root, `${build.name}-`));
      const [home, cwd] = [join(dir, "home"), join(dir, "project")];
      await mkdir(home, { recursive: true });
      await mkdir(cwd, { recursive: true });
      const config = fakeProviderConfig("openai-chat", server.baseUrl("openai-chat"), "", {
        context_window: 200_000,
        max_output: 32_000,
      });
      await writeFile(join(home, "config.toml"), config);
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TANDEM_HOME: home,
        FAKE_API_KEY: "b",
        NO_COLOR: "1",
      };
      server.enqueue({ kind: "reply", text: "ok" });
      const idle = await cpuOf([...build.args, "exec", "hi"], cwd, env);
      const first = server.requests.length;
      for (let i = 0; i < CALLS; i++)
        server.enqueue({ kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "true" } }] });
      server.enqueue({ kind: "reply", text: "done" });
      const busy = await cpuOf([...build.args, "exec", "run true"], cwd, env);
      const requests = server.requests.slice(first);
      const gaps: number[] = [];
      for (let i = 1; i < requests.length; i++) {
        const previous = requests[i - 1];
        const next = requests[i];
        if (previous?.respondedAt !== undefined && next) gaps.push(next.receivedAt - previous.respondedAt);
      }
      const r = results.get(build.name);
      r?.gap.push(median(gaps));
      r?.cpu.push((busy - idle) / CALLS);
    }
  }
  console.log(
    `\n${ROUNDS} rounds × ${CALLS} calls of \`true\`, load ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)}\n`,
  );
  console.log("| build | median gap per call | CPU per call (tandem + children) | rounds' gaps |");
  console.log("|---|---:|---:|---|");
  for (const [name, r] of results)
    console.log(
      `| ${name} | ${median(r.gap).toFixed(1)} ms | ${median(r.cpu).toFixed(1)} ms | ${r.gap.map((g) => g.toFixed(0)).join(", ")} |`,
    );
} finally {
  await server.close();
  await rm(root, { recursive: true, force: true });
}
