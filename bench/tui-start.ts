/**
 * Start-up of the interactive UI as installed: the launcher (`bin/tandem.js`, which runs dist/) with its
 * shebang's node flags, in a real pseudo-terminal (tmux, which answers the theme query as terminals do),
 * against the fake model server. Per run:
 *   - spawn → first byte the UI writes, and spawn → composer visible (the first frame's status line, which
 *     ends with `/help`, read from the pane's raw output through `pipe-pane`, polled every 2 ms);
 *   - the node process's RSS (VmRSS, /proc/PID/status) when the composer shows, and its peak RSS (VmHWM) and
 *     RSS 2 s after spawn, idle (by then the highlighter and the safety gate have loaded in the background).
 * Interleaved with `tandem exec` spawn → first model request (the method of bench/exec.ts), so both are
 * measured under the same load. Medians over the runs; load average before and after.
 *
 * Run: npm run bench:tui-start [-- --runs N] [-- --profile DIR] [-- --node-args "FLAGS"] (builds first; needs tmux)
 * `--baseline PATH/bin/tandem.js` also starts another build's launcher (a copy of bin/ and dist/ made before a
 * change, with node_modules beside it) in the same loop, for a before/after under the same load.
 * `--profile DIR` adds `--cpu-prof --cpu-prof-dir=DIR` to the UI's node flags (each run ends with Ctrl+D, so
 * profiles are written); `--node-args` adds any other flags, e.g. `--import ./trace-hook.mjs`.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startFakeModel } from "../test/support/fake-model/index.ts";
import { fakeProviderConfig } from "../test/support/run-tandem.ts";

const exec = promisify(execFile);
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg("--runs") ?? 10);
const PROFILE = arg("--profile");
const IDLE_MS = 2000;

const entry = fileURLToPath(new URL("../bin/tandem.js", import.meta.url));
const BASELINE = arg("--baseline");
if (!existsSync(fileURLToPath(new URL("../dist/cli/main.js", import.meta.url)))) {
  console.error("bench/tui-start.ts measures the built CLI: run `npm run build` first.");
  process.exit(2);
}
// The node flags from the launcher's shebang (`#!/usr/bin/env -S node FLAGS`), so the bench runs what a user runs.
const shebangFlags = (readFileSync(entry, "utf8").split("\n")[0] ?? "")
  .split(/\s+/)
  .filter((w) => w.startsWith("--"));
const extraFlags = [
  ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`] : []),
  ...(arg("--node-args")?.split(/\s+/).filter(Boolean) ?? []),
];
const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const range = (xs: number[], digits = 0) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences start with ESC
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])/g;

function procStatus(pid: number): { hwmMb: number; rssMb: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    // An exited process not yet reaped (its tmux server is gone) is a zombie: gone for our purposes.
    if (/^State:\s+Z/m.test(text)) return undefined;
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? Number.NaN);
    return { hwmMb: kb("VmHWM") / 1024, rssMb: kb("VmRSS") / 1024 };
  } catch {
    return undefined;
  }
}

interface UiRun {
  firstByteMs: number;
  composerMs: number;
  composerRssMb: number;
  hwmMb: number;
  rssMb: number;
}

/** One UI start in a fresh tmux server; the pane waits for a GO file so the spawn time is taken inside it. */
async function uiRun(
  dir: string,
  cwd: string,
  env: Record<string, string>,
  launcher = entry,
): Promise<UiRun> {
  const socket = `tandem-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) =>
    exec("tmux", ["-L", socket, "-f", "/dev/null", ...args], {
      env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color" },
    });
  const go = join(dir, "go");
  const t0File = join(dir, "t0");
  const out = join(dir, "out");
  await rm(go, { force: true });
  await rm(t0File, { force: true });
  await writeFile(out, "");
  const envText = Object.entries(env)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join(" ");
  const node = [process.execPath, ...shebangFlags, ...extraFlags, launcher].map(quote).join(" ");
  // `date +%s%N` is the spawn time on the same clock as Date.now(); exec keeps one pid (the pane's) for /proc.
  const command = `cd ${quote(cwd)} && while [ ! -e ${quote(go)} ]; do sleep 0.01; done; date +%s%N > ${quote(t0File)}; exec env -i ${envText} TERM=xterm-256color ${node}`;
  await tmux("new-session", "-d", "-x", "120", "-y", "40", command);
  let pid = 0;
  try {
    await tmux("pipe-pane", "-o", `cat >> ${quote(out)}`);
    pid = Number((await tmux("display-message", "-p", "#{pane_pid}")).stdout.trim());
    await writeFile(go, "");
    let firstByteAt = 0;
    let composerAt = 0;
    let composerRssMb = Number.NaN;
    const deadline = Date.now() + 20_000;
    while (!composerAt) {
      if (Date.now() > deadline)
        throw new Error(`no composer after 20 s; output:\n${readFileSync(out, "utf8")}`);
      const text = readFileSync(out, "utf8");
      if (text.length > 0 && !firstByteAt) firstByteAt = Date.now();
      if (text.replace(ANSI, "").includes("/help")) {
        composerAt = Date.now();
        composerRssMb = procStatus(pid)?.rssMb ?? Number.NaN;
      } else await sleep(2);
    }
    const t0 = Number(readFileSync(t0File, "utf8").trim()) / 1e6;
    await sleep(Math.max(0, t0 + IDLE_MS - Date.now()));
    const mem = procStatus(pid);
    if (!mem) throw new Error("the UI process was gone 2 s after start");
    // Quit as a user does: a normal exit is when Node writes its compile cache (and a CPU profile); a UI
    // killed by the hang-up never fills the cache, and every start would compile the UI's modules again.
    await tmux("send-keys", "C-d");
    for (let i = 0; i < 200 && procStatus(pid); i++) await sleep(25);
    return { firstByteMs: firstByteAt - t0, composerMs: composerAt - t0, composerRssMb, ...mem };
  } finally {
    await tmux("kill-server").catch(() => undefined);
    // tmux leaves its socket file behind when killed.
    const uid = process.getuid?.() ?? 0;
    await rm(join(process.env.TMUX_TMPDIR ?? "/tmp", `tmux-${uid}`, socket), { force: true });
    // Should Ctrl+D not have ended it, the hang-up does: wait, so no exit overlaps the next measured start.
    for (let i = 0; i < 200 && pid && procStatus(pid); i++) await sleep(25);
  }
}

/** `tandem exec hi` spawn → first model request, as bench/exec.ts measures it. */
function execStart(
  server: Awaited<ReturnType<typeof startFakeModel>>,
  cwd: string,
  env: Record<string, string>,
) {
  return new Promise<number>((resolve, reject) => {
    const before = server.requests.length;
    server.enqueue({ kind: "reply", text: "ok" });
    const startedAt = performance.timeOrigin + performance.now();
    const child = spawn(process.execPath, [...shebangFlags, entry, "exec", "hi"], {
      cwd,
      env: { ...env, NO_COLOR: "1" },
      stdio: "ignore",
    });
    child.on("close", (code) => {
      const req = server.requests[before];
      if (code !== 0 || !req) reject(new Error(`tandem exec exited ${code}`));
      else resolve(req.receivedAt - startedAt);
    });
  });
}

const server = await startFakeModel();
const root = await mkdtemp(join(tmpdir(), "tandem-bench-tui-start-"));
const load = [loadavg()[0] as number];
try {
  const home = join(root, "home");
  const cwd = join(root, "project");
  await mkdir(home, { recursive: true });
  await mkdir(cwd, { recursive: true });
  await writeFile(
    join(home, "config.toml"),
    fakeProviderConfig("openai-chat", server.baseUrl("openai-chat")),
  );
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    LANG: "C.UTF-8",
    TANDEM_HOME: home,
    FAKE_API_KEY: "bench",
  };
  // One unmeasured start of each fills Node's compile cache, as every start after a user's first finds it.
  await uiRun(root, cwd, env);
  if (BASELINE) await uiRun(root, cwd, env, BASELINE);
  await execStart(server, cwd, env);
  const ui: UiRun[] = [];
  const base: UiRun[] = [];
  const execMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternating which goes first, so neither gains from the order.
    if (BASELINE && i % 2 === 1) base.push(await uiRun(root, cwd, env, BASELINE));
    ui.push(await uiRun(root, cwd, env));
    if (BASELINE && i % 2 === 0) base.push(await uiRun(root, cwd, env, BASELINE));
    execMs.push(await execStart(server, cwd, env));
  }
  load.push(loadavg()[0] as number);
  const cell = (runs: UiRun[], pick: (r: UiRun) => number, unit: string) => {
    const xs = runs.map(pick);
    return `${median(xs).toFixed(0)} ${unit} (${range(xs)})`;
  };
  const col = (pick: (r: UiRun) => number, unit: string) =>
    BASELINE ? `${cell(ui, pick, unit)} | ${cell(base, pick, unit)}` : cell(ui, pick, unit);
  console.log(
    `Node ${process.version}, ${RUNS} runs, medians (range); load average ${load.map((l) => l.toFixed(2)).join(" → ")}\n`,
  );
  console.log(`spawn → composer per run (ms): ${ui.map((r) => r.composerMs.toFixed(0)).join(" ")}`);
  if (BASELINE) console.log(`baseline per run (ms): ${base.map((r) => r.composerMs.toFixed(0)).join(" ")}`);
  if (BASELINE) console.log(`baseline: ${BASELINE}`);
  console.log();
  console.log(
    BASELINE ? "| figure | this build | baseline |\n|---|---|---|" : "| figure | median (range) |\n|---|---|",
  );
  console.log(`| UI: spawn → first byte written | ${col((r) => r.firstByteMs, "ms")} |`);
  console.log(`| UI: spawn → composer visible | ${col((r) => r.composerMs, "ms")} |`);
  console.log(`| UI: RSS when the composer shows (VmRSS) | ${col((r) => r.composerRssMb, "MB")} |`);
  console.log(`| UI: peak RSS by 2 s after spawn (VmHWM) | ${col((r) => r.hwmMb, "MB")} |`);
  console.log(`| UI: RSS idle 2 s after spawn (VmRSS) | ${col((r) => r.rssMb, "MB")} |`);
  console.log(
    `| \`tandem exec\`: spawn → first model request | ${median(execMs).toFixed(0)} ms (${range(execMs)}) |${BASELINE ? " (this build) |" : ""}`,
  );
} finally {
  await server.close();
  await rm(root, { recursive: true, force: true });
}
