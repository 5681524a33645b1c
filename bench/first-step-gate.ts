/**
 * The first changing step as a session pays it, through the real gate: `npx node bench/first-step-gate.ts
 * [--sizes 100000] [--runs N]`. The session's background work starts as safety-setup.ts starts it (the
 * checkpoint store's `warm()`, then the step backups' `warm()`), and the model's first call, a `write` of one
 * file, comes `--at` ms later (default 1000; 0: at once). Timed: the gate's `beforeRun` (checkpoint and step
 * backups), which the step waits for. Versions, alternated on fresh stores (same workspaces as
 * bench/first-checkpoint.ts):
 * - "wait": the store's `createBefore` never goes early: every step waits for the first record (before #10's
 *   pre-images);
 * - "early": as shipped: a step that declares its writes goes ahead of the record.
 * Also timed: the whole background work (record, the early checkpoint, the backups' first snapshot).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AnyTool } from "../src/core/tool.ts";
import {
  type CheckpointStore,
  createCheckpointStore,
  createStepBackups,
} from "../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../src/safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../src/safety/journal.ts";
import { createFileState } from "../src/tools/file-state.ts";
import { createWriteTool } from "../src/tools/write.ts";

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const SIZES = arg("sizes", "100000").split(",").map(Number);
const RUNS = Number(arg("runs", "3"));
const AT_MS = Number(arg("at", "1000"));
const VERSIONS = ["wait", "early"] as const;
type Version = (typeof VERSIONS)[number];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A store whose steps never go ahead of the first record. */
function waiting(store: CheckpointStore): CheckpointStore {
  return {
    ...store,
    createBefore: async (label, meta, _writes, options) => ({
      early: false,
      covered: false,
      checkpoint: store.create(label, meta, options),
    }),
  };
}

async function measure(workspace: string, version: Version): Promise<{ step: number; background: number }> {
  const home = mkdtempSync(path.join(os.tmpdir(), "tandem-bench-gate-home-"));
  const target = path.join(workspace, "src", "pkg0", "mod0", "file0.ts");
  const original = readFileSync(target);
  try {
    const paths = safetyPaths(home, workspace);
    const store = createCheckpointStore({ workspace, storeDir: paths.storeDir });
    const checkpoints = version === "wait" ? waiting(store) : store;
    const stepBackups = createStepBackups({ workspace, storeDir: paths.storeDir, dir: paths.dataDir });
    const started = performance.now();
    const background = checkpoints
      .warm()
      .catch(() => undefined)
      .then(() => stepBackups.warm())
      .catch(() => undefined);
    const gate = createSafetyGate({
      mode: "auto",
      workspace,
      checkpoints,
      stepBackups,
      journal: createUndoJournal(paths.journal),
      trashDir: paths.trashDir,
    });
    const fileState = createFileState();
    fileState.recordRead(target, original);
    const write = createWriteTool({ fileState }) as AnyTool;
    await new Promise((resolve) => setTimeout(resolve, AT_MS));
    const args = { path: target, content: `export const value0 = ${Math.random()};\n` };
    const call = { callId: "c1", tool: write, args, cwd: workspace };
    const stepStart = performance.now();
    if ((await gate.check(call)).action !== "allow") throw new Error("the write was not allowed");
    await gate.beforeRun?.(call);
    const step = performance.now() - stepStart;
    await write.execute(args, { cwd: workspace, callId: "c1", signal: new AbortController().signal });
    await gate.afterRun?.(call);
    await background;
    const done = performance.now() - started;
    // The step's `after` checkpoint (not awaited by the gate) is queued before this: the store is idle after it.
    await store.list();
    return { step, background: done };
  } finally {
    writeFileSync(target, original);
    rmSync(home, { recursive: true, force: true });
  }
}

const results = new Map<string, { step: number[]; background: number[] }>();
console.log(`load before: ${execFileSync("uptime", { encoding: "utf8" }).trim()}`);
for (const files of SIZES) {
  for (const kind of ["git", "plain"] as const) {
    const workspace = path.join(os.tmpdir(), `tandem-bench-first-${kind}-${files}`);
    if (!existsSync(`${workspace}.complete`))
      throw new Error(`${workspace} is missing: run bench/first-checkpoint.ts --sizes ${files} first`);
    for (let run = 0; run < RUNS; run++) {
      for (const version of run % 2 === 0 ? VERSIONS : [...VERSIONS].reverse()) {
        const key = `${files}|${kind}|${version}`;
        const into = results.get(key) ?? { step: [], background: [] };
        results.set(key, into);
        const { step, background } = await measure(workspace, version);
        into.step.push(step);
        into.background.push(background);
      }
    }
  }
}
console.log(`load after: ${execFileSync("uptime", { encoding: "utf8" }).trim()}`);
console.log(`\nFirst write step ${AT_MS} ms after start, through the gate, ${RUNS} runs (medians, ms)\n`);
console.log("| files | workspace | version | the step waits (beforeRun) | background work done |");
console.log("|---:|---|---|---:|---:|");
for (const [key, r] of results) {
  const [files, kind, version] = key.split("|");
  console.log(
    `| ${Number(files).toLocaleString("en-US")} | ${kind} | ${version} | ${median(r.step).toFixed(0)} | ${median(r.background).toFixed(0)} |`,
  );
}
