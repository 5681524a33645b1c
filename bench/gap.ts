/**
 * The gap between a model response and the next request, measured the way the peer benchmark (`fix-bug`) does:
 * a fresh `tandem exec` process per run, against the fake model server, scripted for three tool calls (`read`
 * the buggy file, `edit` it, check the fix with a cheap `shell` command that writes a file, so it is analysed,
 * checkpointed and sandboxed, and the gap is tandem's rather than the command's) and then an answer; `auto` mode, so the sandbox and
 * checkpoints are on. The gap is the time from the end of one response to the server receiving the next
 * request; the figure is the median over every gap of every run (3 per run), also shown per call.
 * Each response streams with `--delay` ms between SSE events (a model is never instant; the same 20 ms as
 * bench/safety.ts), so work started at start-up can overlap the first response as it would with a real model.
 * Also reported: spawn to first request, and the CPU time of the whole run (tandem and its children: sandbox,
 * git), which load on a shared machine inflates far less than wall-clock gaps.
 * Target (issue 11): median gap <= 40 ms.
 *
 * Run: npm run build && node bench/gap.ts [--runs N] [--delay MS] [--src] [--tandem NAME=PATH/bin/tandem.js …]
 *   --src runs src/cli/main.ts instead of the built CLI (to compare trees without building them).
 *   --tandem (repeatable) measures these builds instead, alternated within each run (the order swapped every
 *   run), so they see the same machine load; each runs with its own launcher's node flags.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeModel } from "../test/support/fake-model/index.ts";
import type { ReplyStep } from "../test/support/fake-model/script.ts";
import { fakeProviderConfig } from "../test/support/run-tandem.ts";

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = flag("--runs", 15);
const DELAY_MS = flag("--delay", 20);
const fromSource = process.argv.includes("--src");

const bin = fileURLToPath(new URL("../bin/tandem.js", import.meta.url));
const source = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
// The node flags from a launcher's shebang (`#!/usr/bin/env -S node FLAGS`), so the bench runs what a user runs.
const shebangFlags = (launcher: string) =>
  (readFileSync(launcher, "utf8").split("\n")[0] ?? "").split(/\s+/).filter((w) => w.startsWith("--"));
const given = process.argv
  .flatMap((a, i) => (process.argv[i - 1] === "--tandem" ? [a] : []))
  .map((spec) => {
    const [name, file] = spec.includes("=") ? (spec.split("=", 2) as [string, string]) : [spec, spec];
    return { name, argv: [...shebangFlags(file), file] };
  });
if (
  given.length === 0 &&
  !fromSource &&
  !existsSync(fileURLToPath(new URL("../dist/cli/main.js", import.meta.url)))
) {
  console.error("bench/gap.ts measures the built CLI: run `npm run build` first (or pass --src).");
  process.exit(2);
}
const builds =
  given.length > 0
    ? given
    : [{ name: fromSource ? "src" : "built CLI", argv: [...shebangFlags(bin), fromSource ? source : bin] }];

const now = () => performance.timeOrigin + performance.now();
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const BUGGY = "export function add(a, b) {\n  return a - b;\n}\n";

/** A small repository with one bug, as `fix-bug` has: 50 source files and the buggy one. */
async function workspace(root: string, baseUrl: string) {
  const home = join(root, "home");
  const cwd = join(root, "project");
  await mkdir(home, { recursive: true });
  await mkdir(join(cwd, "src"), { recursive: true });
  await writeFile(
    join(home, "config.toml"),
    fakeProviderConfig("openai-chat", baseUrl, 'edit_format = "edit"', {
      context_window: 200_000,
      max_output: 32_000,
    }),
  );
  for (let i = 0; i < 50; i++) await writeFile(join(cwd, "src", `f${i}.js`), `export const v${i} = ${i};\n`);
  await writeFile(join(cwd, "src", "math.js"), BUGGY);
  const gitEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: "b",
    GIT_AUTHOR_EMAIL: "b@b",
    GIT_COMMITTER_NAME: "b",
    GIT_COMMITTER_EMAIL: "b@b",
  };
  for (const args of [
    ["init", "-q"],
    ["add", "-A"],
    ["commit", "-qm", "init"],
  ])
    execFileSync("git", args, { cwd, stdio: "ignore", env: gitEnv });
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TANDEM_HOME: home,
    FAKE_API_KEY: "k",
    NO_COLOR: "1",
  };
  return { cwd, env };
}

interface Exit {
  startedAt: number;
  code: number | null;
  /** User + system CPU seconds of tandem and its children (GNU time), when available. */
  cpuS?: number;
  stderr: string;
}

function runTandem(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Exit> {
  const useTime = existsSync("/usr/bin/time");
  const [file, argv] = useTime
    ? ["/usr/bin/time", ["-f", "@@TIME %U %S", process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolve) => {
    const startedAt = now();
    const child = spawn(file, argv, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("close", (code) => {
      const m = /@@TIME (\S+) (\S+)/.exec(stderr);
      resolve({
        startedAt,
        code,
        ...(m ? { cpuS: Number(m[1]) + Number(m[2]) } : {}),
        stderr: stderr.replace(/@@TIME.*\n?/, ""),
      });
    });
  });
}

const server = await startFakeModel();
const root = await mkdtemp(join(tmpdir(), "tandem-bench-gap-"));
const load = loadavg()[0] ?? 0;
const calls = ["read", "edit", "shell"] as const;
interface Figures {
  perCall: Record<(typeof calls)[number], number[]>;
  all: number[];
  startup: number[];
  cpu: number[];
}
const figures = new Map<string, Figures>(
  builds.map((b) => [b.name, { perCall: { read: [], edit: [], shell: [] }, all: [], startup: [], cpu: [] }]),
);
try {
  for (let run = 0; run < RUNS; run++) {
    for (const build of run % 2 ? [...builds].reverse() : builds) {
      const f = figures.get(build.name) as Figures;
      const ws = await workspace(join(root, `run-${run}-${build.name}`), server.baseUrl("openai-chat"));
      const step = (toolCalls: ReplyStep["toolCalls"]): ReplyStep => ({
        kind: "reply",
        delayMs: DELAY_MS,
        ...(toolCalls ? { toolCalls } : { text: "Fixed: add now adds." }),
      });
      const before = server.requests.length;
      server.enqueue(
        step([{ name: "read", arguments: { path: "src/math.js" } }]),
        step([
          { name: "edit", arguments: { path: "src/math.js", old_string: "a - b", new_string: "a + b" } },
        ]),
        step([{ name: "shell", arguments: { command: 'grep -c "a + b" src/math.js > check.txt' } }]),
        step(undefined),
      );
      const exit = await runTandem([...build.argv, "exec", "fix the bug in src/math.js"], ws.cwd, ws.env);
      const reqs = server.requests.slice(before);
      if (exit.code !== 0 || reqs.length !== 4) {
        server.clear();
        throw new Error(
          `${build.name} run ${run} failed (exit ${exit.code}, ${reqs.length} requests): ${exit.stderr}`,
        );
      }
      const fixed = readFileSync(join(ws.cwd, "src", "math.js"), "utf8");
      const checked = existsSync(join(ws.cwd, "check.txt"))
        ? readFileSync(join(ws.cwd, "check.txt"), "utf8").trim()
        : "";
      if (!fixed.includes("a + b") || checked !== "1")
        throw new Error(`${build.name} run ${run}: the edit or the check did not land: ${exit.stderr}`);
      f.startup.push((reqs[0]?.receivedAt ?? Number.NaN) - exit.startedAt);
      if (exit.cpuS !== undefined) f.cpu.push(exit.cpuS);
      calls.forEach((name, i) => {
        const gap = (reqs[i + 1]?.receivedAt ?? Number.NaN) - (reqs[i]?.respondedAt ?? Number.NaN);
        f.perCall[name].push(gap);
        f.all.push(gap);
      });
    }
  }
} finally {
  await server.close();
  await rm(root, { recursive: true, force: true });
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log(
  `bench/gap.ts: ${RUNS} fresh runs per build (${builds.map((b) => b.name).join(", ")}${builds.length > 1 ? ", alternated" : ""}), ${DELAY_MS} ms between SSE events, Node ${process.version}, load ${load.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)}\n`,
);
for (const [name, f] of figures) {
  if (figures.size > 1) console.log(`\n**${name}**\n`);
  console.log("| figure | median | min | max |\n|---|---|---|---|");
  const row = (label: string, xs: number[], fmt = ms) =>
    console.log(`| ${label} | ${fmt(median(xs))} | ${fmt(Math.min(...xs))} | ${fmt(Math.max(...xs))} |`);
  row("**gap, response end → next request (all calls)**", f.all);
  for (const call of calls) row(`gap after \`${call}\``, f.perCall[call]);
  row("spawn → first request", f.startup);
  if (f.cpu.length) row("CPU per run (tandem + children)", f.cpu, (x) => `${x.toFixed(2)} s`);
}
