/**
 * A shell command as the session's first changing step, through the real gate, shell tool and bubblewrap:
 * `npx node bench/first-command.ts [--sizes 100000] [--runs N] [--at 0,1000]`. The session's background work
 * starts as safety-setup.ts starts it (the store's `warm()`, then the step backups' `warm()`), and the model's
 * first call, a shell command that writes a file, comes `--at` ms later. Timed: from the gate's check until the
 * command's output is back (what the model waits for), and until the background work (record, the step's
 * checkpoint, the merge, the backups' first snapshot) is done. Versions, alternated on fresh stores:
 * - "wait": the command waits for the first record (no overlay: `canOverlay` false), as before;
 * - "overlay": the command runs on an overlay of the workspace while the record is built (overlay-steps.ts).
 * Runs on private copies of bench/first-checkpoint.ts's workspaces (the merge writes into them).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AnyTool } from "../src/core/tool.ts";
import { createCheckpointStore, createStepBackups } from "../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../src/safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../src/safety/journal.ts";
import { createSandbox } from "../src/sandbox/index.ts";
import { createShellTool } from "../src/tools/shell.ts";

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const SIZES = arg("sizes", "100000").split(",").map(Number);
const RUNS = Number(arg("runs", "3"));
const AT = arg("at", "0,1000").split(",").map(Number);
const VERSIONS = ["wait", "overlay"] as const;
type Version = (typeof VERSIONS)[number];
const NEW_FILE = "tandem-bench-made.txt";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function measure(workspace: string, version: Version, atMs: number) {
  const home = mkdtempSync(path.join(os.tmpdir(), "tandem-bench-cmd-home-"));
  try {
    const paths = safetyPaths(home, workspace);
    const store = createCheckpointStore({
      workspace,
      storeDir: paths.storeDir,
      canOverlay: () => version === "overlay",
    });
    const stepBackups = createStepBackups({ workspace, storeDir: paths.storeDir, dir: paths.dataDir });
    const sandbox = createSandbox({ workspace, home });
    const started = performance.now();
    const background = store
      .warm()
      .catch(() => undefined)
      .then(() => stepBackups.warm())
      .catch(() => undefined);
    const gate = createSafetyGate({
      mode: "auto",
      workspace,
      checkpoints: store,
      stepBackups,
      journal: createUndoJournal(paths.journal),
      trashDir: paths.trashDir,
    });
    const shell = createShellTool({
      wrap: (argv, cwd, hold = {}) => {
        const { callId, ...rest } = hold;
        const overlay = callId === undefined ? undefined : store.claimOverlay?.(callId);
        return sandbox.prepare(argv, cwd, overlay ? { ...rest, overlay } : rest);
      },
    }) as AnyTool;
    await new Promise((resolve) => setTimeout(resolve, atMs));
    const args = { command: `echo made > ${NEW_FILE} && ls | head -3` };
    const call = { callId: "c1", tool: shell, args, cwd: workspace };
    const stepStart = performance.now();
    if ((await gate.check(call)).action !== "allow") throw new Error("the command was not allowed");
    // As the tool runner runs a tool that starts early: the sandbox is built while beforeRun runs.
    const ready = gate.beforeRun?.(call) ?? Promise.resolve();
    const signal = new AbortController().signal;
    const result = await shell.execute(args, { cwd: workspace, callId: "c1", signal, ready });
    const step = performance.now() - stepStart;
    if (result.isError) throw new Error(`the command failed: ${result.content}`);
    await gate.afterRun?.(call);
    gate.requestSent();
    await background;
    await gate.close();
    const done = performance.now() - started;
    if (!existsSync(path.join(workspace, NEW_FILE)))
      throw new Error("the command's file is not in the workspace");
    sandbox.flush();
    return { step, background: done };
  } finally {
    rmSync(path.join(workspace, NEW_FILE), { force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

const results = new Map<string, { step: number[]; background: number[] }>();
let warmedUp = false;
console.log(`load before: ${execFileSync("uptime", { encoding: "utf8" }).trim()}`);
for (const files of SIZES) {
  for (const kind of ["git", "plain"] as const) {
    const source = path.join(os.tmpdir(), `tandem-bench-first-${kind}-${files}`);
    if (!existsSync(`${source}.complete`))
      throw new Error(`${source} is missing: run bench/first-checkpoint.ts --sizes ${files} first`);
    const workspace = path.join(os.tmpdir(), `tandem-bench-command-${kind}-${files}`);
    if (!existsSync(`${workspace}.complete`)) {
      rmSync(workspace, { recursive: true, force: true });
      execFileSync("cp", ["-a", source, workspace]);
      // The copy's inodes and times are new: git's index is refreshed once, as the user's own would be.
      if (kind === "git") execFileSync("git", ["update-index", "-q", "--refresh"], { cwd: workspace });
      execFileSync("touch", [`${workspace}.complete`]);
    }
    // One run not counted: the first loads the analyser and warms the caches for whichever version goes first.
    if (!warmedUp) await measure(workspace, "wait", 0);
    warmedUp = true;
    for (const atMs of AT) {
      for (let run = 0; run < RUNS; run++) {
        for (const version of run % 2 === 0 ? VERSIONS : [...VERSIONS].reverse()) {
          const key = `${files}|${kind}|${atMs}|${version}`;
          const into = results.get(key) ?? { step: [], background: [] };
          results.set(key, into);
          const { step, background } = await measure(workspace, version, atMs);
          into.step.push(step);
          into.background.push(background);
        }
      }
    }
  }
}
console.log(`load after: ${execFileSync("uptime", { encoding: "utf8" }).trim()}`);
console.log(`\nFirst shell command step, through the gate and bubblewrap, ${RUNS} runs (medians, ms)\n`);
console.log("| files | workspace | call at | version | the step (check → output) | background work done |");
console.log("|---:|---|---:|---|---:|---:|");
for (const [key, r] of results) {
  const [files, kind, at, version] = key.split("|");
  console.log(
    `| ${Number(files).toLocaleString("en-US")} | ${kind} | ${at} ms | ${version} | ${median(r.step).toFixed(0)} | ${median(r.background).toFixed(0)} |`,
  );
}
