/**
 * End-to-end figures for `tandem exec` against the fake model server, all in one run so they can be compared
 * as ratios on a noisy machine:
 *   - spawn to first model request (vs a bare `node -e ""` spawn)
 *   - per tool call: end of one model response to the next request (trivial `true` command)
 *   - one 20,000-token answer at full speed: first byte to exit, CPU, peak RSS (human and --json output)
 *   - fixed context per request (system prompt + tool definitions) in o200k tokens, per protocol
 *
 * Run: npm run build && node bench/exec.ts [--runs N]
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import type { ProtocolId } from "../src/providers/types.ts";
import { startFakeModel } from "../test/support/fake-model/index.ts";
import type { FakeModelServer } from "../test/support/fake-model/server.ts";
import { fakeProviderConfig } from "../test/support/run-tandem.ts";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
const entry = fileURLToPath(new URL("../bin/tandem.js", import.meta.url));
// The node flags from the launcher's shebang (`#!/usr/bin/env -S node FLAGS`), so the bench runs what a user runs.
const shebangFlags = (readFileSync(entry, "utf8").split("\n")[0] ?? "")
  .split(/\s+/)
  .filter((w) => w.startsWith("--"));
const tandem = (...args: string[]) => [...shebangFlags, entry, ...args];
if (!existsSync(fileURLToPath(new URL("../dist/cli/main.js", import.meta.url)))) {
  console.error("bench/exec.ts measures the built CLI: run `npm run build` first.");
  process.exit(2);
}
const now = () => performance.timeOrigin + performance.now();
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

interface Exit {
  startedAt: number;
  exitedAt: number;
  code: number | null;
  /** From GNU time, when present. */
  cpuS?: number;
  maxRssMb?: number;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Exit> {
  const useTime = existsSync("/usr/bin/time");
  const [file, argv] = useTime ? ["/usr/bin/time", ["-f", "@@TIME %U %S %M", cmd, ...args]] : [cmd, args];
  return new Promise((resolve) => {
    const startedAt = now();
    const child = spawn(file, argv as string[], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stdout.on("data", () => {});
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("close", (code) => {
      const exitedAt = now();
      const m = /@@TIME (\S+) (\S+) (\d+)/.exec(stderr);
      resolve({
        startedAt,
        exitedAt,
        code,
        cpuS: m ? Number(m[1]) + Number(m[2]) : undefined,
        maxRssMb: m ? Number(m[3]) / 1024 : undefined,
        stderr: stderr.replace(/@@TIME.*\n?/, ""),
      });
    });
  });
}

async function workspace(server: FakeModelServer, protocol: ProtocolId) {
  const root = await mkdtemp(join(tmpdir(), "tandem-bench-"));
  const home = join(root, "home");
  const cwd = join(root, "project");
  await mkdir(home, { recursive: true });
  await mkdir(cwd, { recursive: true });
  await writeFile(
    join(home, "config.toml"),
    fakeProviderConfig(
      protocol,
      server.baseUrl(protocol),
      `edit_format = "${protocol.startsWith("openai") ? "apply_patch" : "edit"}"`,
      { context_window: 200_000, max_output: 32_000 },
    ),
  );
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TANDEM_HOME: home,
    FAKE_API_KEY: "bench",
    NO_COLOR: "1",
  };
  return { root, cwd, env };
}

const server = await startFakeModel();
const results: string[] = [];
try {
  const ws = await workspace(server, "openai-chat");

  // 1. Start-up: spawn → first request, against a bare node spawn measured in the same loop.
  const startup: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const b = await run(process.execPath, ["-e", ""], ws.cwd, ws.env);
    bare.push(b.exitedAt - b.startedAt);
    const before = server.requests.length;
    server.enqueue({ kind: "reply", text: "ok" });
    const r = await run(process.execPath, tandem("exec", "hi"), ws.cwd, ws.env);
    const req = server.requests[before];
    if (r.code !== 0 || !req) throw new Error(`startup run failed: ${r.stderr}`);
    startup.push(req.receivedAt - r.startedAt);
  }
  results.push(
    `| spawn to first model request | ${median(startup).toFixed(0)} ms | bare \`node -e ""\` spawn-to-exit ${median(bare).toFixed(0)} ms (ratio ${(median(startup) / median(bare)).toFixed(2)}) |`,
  );

  // 2. Per tool call: N calls of `true`, one per response, then a final answer.
  const CALLS = 20;
  const before = server.requests.length;
  for (let i = 0; i < CALLS; i++) {
    server.enqueue({ kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "true" } }] });
  }
  server.enqueue({ kind: "reply", text: "done" });
  const toolRun = await run(process.execPath, tandem("exec", "run true 20 times"), ws.cwd, ws.env);
  if (toolRun.code !== 0) throw new Error(`tool-call run failed: ${toolRun.stderr}`);
  const reqs = server.requests.slice(before);
  const gaps: number[] = [];
  for (let i = 0; i + 1 < reqs.length; i++) {
    const ended = reqs[i]?.respondedAt;
    const next = reqs[i + 1]?.receivedAt;
    if (ended && next) gaps.push(next - ended);
  }
  results.push(
    `| per tool call, response end → next request (\`true\`, ${CALLS} calls) | ${median(gaps).toFixed(1)} ms median, ${Math.max(...gaps).toFixed(1)} ms max | peak RSS ${toolRun.maxRssMb?.toFixed(0) ?? "?"} MB |`,
  );

  // 3. A 20,000-token answer at full speed.
  const chunks = Array.from({ length: 20_000 }, (_, i) => (i % 12 === 11 ? " token\n" : " token"));
  for (const mode of ["human", "json"] as const) {
    const times: number[] = [];
    const cpus: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
      const idx = server.requests.length;
      server.enqueue({ kind: "reply", chunks, usage: { output: 20_000 } });
      const args = mode === "json" ? tandem("exec", "--json", "write") : tandem("exec", "write");
      const r = await run(process.execPath, args, ws.cwd, ws.env);
      const req = server.requests[idx];
      if (r.code !== 0 || !req?.firstByteAt) throw new Error(`20k run failed: ${r.stderr}`);
      times.push((r.exitedAt - req.firstByteAt) / 1000);
      if (r.cpuS !== undefined) cpus.push(r.cpuS);
      if (r.maxRssMb !== undefined) rss.push(r.maxRssMb);
    }
    results.push(
      `| 20k-token answer (${mode} output): first byte → exit | ${median(times).toFixed(3)} s | CPU ${cpus.length ? median(cpus).toFixed(2) : "?"} s (whole process incl. start-up), peak RSS ${rss.length ? median(rss).toFixed(0) : "?"} MB |`,
    );
  }
  await rm(ws.root, { recursive: true, force: true });

  // 4. Fixed context per request, per protocol, from the request bodies tandem really sent.
  for (const protocol of [
    "openai-responses",
    "openai-chat",
    "anthropic-messages",
    "google-gemini",
  ] as const) {
    const w = await workspace(server, protocol);
    const idx = server.requests.length;
    server.enqueue({ kind: "reply", text: "ok" });
    const r = await run(process.execPath, tandem("exec", "x"), w.cwd, w.env);
    const body = server.requests[idx]?.body;
    await rm(w.root, { recursive: true, force: true });
    if (r.code !== 0 || !body) {
      results.push(`| fixed context, ${protocol} | n/a | ${r.stderr.split("\n")[0]} |`);
      continue;
    }
    const fixed = { ...body };
    for (const k of ["messages", "input", "contents"]) delete fixed[k];
    // Chat puts the system prompt inside messages: count it back in.
    const msgs = body.messages as { role: string; content: unknown }[] | undefined;
    const system = msgs?.filter((m) => m.role === "system" || m.role === "developer") ?? [];
    const tokens = encode(JSON.stringify(fixed) + JSON.stringify(system)).length;
    results.push(
      `| fixed context (system + tools), ${protocol} | ${tokens} o200k tokens | request JSON minus the conversation |`,
    );
  }
} finally {
  await server.close();
}

console.log(`Node ${process.version}, ${RUNS} runs, medians\n`);
console.log("| figure | tandem | notes |\n|---|---|---|");
for (const line of results) console.log(line);
