/**
 * The first changing step of a session on a big workspace: `npx node bench/first-checkpoint.ts [--sizes 1000,10000]
 * [--runs N] [--versions fast,early]`. For each size, a git repository (everything committed) and a plain folder
 * with the same files, generated once and cached under os.tmpdir(). Each run uses fresh stores and alternates the
 * versions named by `--versions` (default "fast,early"), so all see the same machine load:
 * - "before": every file hashed by `git add` (`seedFromIndex: false`), no background record: before issue #10;
 * - "add": seeded from git's index where there is one, else every file hashed by `git add`, with `warm()`;
 * - "fast": the same, but a folder with no seed is recorded through `git fast-import` (fast-record.ts): a step
 *   whose writes are unknown (a shell command), and every step before pre-images;
 * - "early": "fast", for a step that declares its writes (edit, write, apply_patch): `createBefore()` with the
 *   one file it changes, which goes ahead of a first record still to be done (pre-images.ts).
 * Figures, medians in ms:
 * - cold: the first step of a new store, nothing done in the background (a step right at session start);
 * - warm: the first step after `warm()` finished (a step once the model has answered);
 * - at 1 s: `warm()` started at session start, the step 1 s later (how long the step itself waits);
 * - next: a later step with one file changed (as fast as before: the same code);
 * - "early" also: its checkpoint ready, from the cold step's start (off the step's path: the record and the
 *   overlay of the saved file).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  type CheckpointStore,
  createCheckpointStore,
  type EarlyCheckpoint,
} from "../src/safety/checkpoints/index.ts";

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const SIZES = arg("sizes", "1000,10000,100000").split(",").map(Number);
const RUNS = Number(arg("runs", "3"));
type Version = "before" | "add" | "fast" | "early";
const VERSIONS = arg("versions", "fast,early").split(",") as Version[];
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "bench",
  GIT_AUTHOR_EMAIL: "bench@localhost",
  GIT_COMMITTER_NAME: "bench",
  GIT_COMMITTER_EMAIL: "bench@localhost",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

function workspaceFor(files: number, kind: "git" | "plain"): string {
  const dir = path.join(os.tmpdir(), `tandem-bench-first-${kind}-${files}`);
  const marker = path.join(os.tmpdir(), `tandem-bench-first-${kind}-${files}.complete`);
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, ".gitignore"), "node_modules/\n");
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, "src", `pkg${i % 50}`, `mod${Math.floor(i / 50) % 20}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(
      path.join(sub, `file${i}.ts`),
      `export const value${i} = ${i};\n${"// filler line\n".repeat(i % 40)}`,
    );
  }
  if (kind === "git") {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env: GIT_ENV, stdio: "ignore" });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "bench");
  }
  writeFileSync(marker, "");
  return dir;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** CPU ms of this process and its reaped children (git): steadier than wall time on a shared machine. */
function cpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticks = Number(fields[13]) + Number(fields[14]); // cutime + cstime, in clock ticks (100 per second)
  const own = process.cpuUsage();
  return ticks * 10 + (own.user + own.system) / 1000;
}

async function time(fn: () => Promise<unknown>, cpu?: number[]): Promise<number> {
  const start = performance.now();
  const startCpu = cpuMs();
  await fn();
  cpu?.push(cpuMs() - startCpu);
  return performance.now() - start;
}

type Figure = "cold" | "coldCpu" | "ready" | "warm" | "at1s" | "next";
const results = new Map<string, Record<Figure, number[]>>();

async function measure(workspace: string, version: Version, into: Record<Figure, number[]>) {
  const seedFromIndex = version !== "before";
  const fastRecord = version === "fast" || version === "early";
  const early = version === "early";
  const target = path.join(workspace, "src", "pkg0", "mod0", "file0.ts");
  const original = readFileSync(target);
  const fresh = () => {
    const storeDir = mkdtempSync(path.join(os.tmpdir(), "tandem-bench-first-store-"));
    return { storeDir, store: createCheckpointStore({ workspace, storeDir, seedFromIndex, fastRecord }) };
  };
  const stores: string[] = [];
  try {
    /** The first step: its checkpoint, then its edit of `target` (the wait is the step's own). */
    const step = async (store: CheckpointStore, cpu?: number[]) => {
      if (!early) {
        const wait = await time(() => store.create("first"), cpu);
        writeFileSync(target, `export const value0 = ${Math.random()};\n`);
        return { wait, ready: wait };
      }
      const start = performance.now();
      let made: EarlyCheckpoint | undefined;
      const wait = await time(async () => {
        made = await store.createBefore("first", {}, [target]);
        // Not early (the record is done): the step waits for its checkpoint, as the gate does.
        if (!made.early) await made.checkpoint;
      }, cpu);
      writeFileSync(target, `export const value0 = ${Math.random()};\n`);
      await made?.checkpoint;
      return { wait, ready: performance.now() - start };
    };
    const cold = fresh();
    stores.push(cold.storeDir);
    const first = await step(cold.store, into.coldCpu);
    into.cold.push(first.wait);
    if (early) into.ready.push(first.ready);
    writeFileSync(target, `export const value0 = ${Math.random()};\n`);
    into.next.push(await time(() => cold.store.create("next")));
    writeFileSync(target, original);
    // Before this change there was no background record: only the cold step existed.
    if (!seedFromIndex) return;

    const warm = fresh();
    stores.push(warm.storeDir);
    await warm.store.warm();
    into.warm.push((await step(warm.store)).wait);
    writeFileSync(target, original);

    const soon = fresh();
    stores.push(soon.storeDir);
    const warming = soon.store.warm();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    into.at1s.push((await step(soon.store)).wait);
    await warming;
  } finally {
    writeFileSync(target, original);
    for (const dir of stores) rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`load before: ${execFileSync("uptime", { encoding: "utf8" }).trim()}`);
for (const files of SIZES) {
  for (const kind of ["git", "plain"] as const) {
    const workspace = workspaceFor(files, kind);
    for (let run = 0; run < RUNS; run++) {
      for (const version of run % 2 === 0 ? VERSIONS : [...VERSIONS].reverse()) {
        const key = `${files}|${kind}|${version}`;
        const into = results.get(key) ?? { cold: [], coldCpu: [], ready: [], warm: [], at1s: [], next: [] };
        results.set(key, into);
        await measure(workspace, version, into);
      }
    }
  }
}
console.log(`load after: ${execFileSync("uptime", { encoding: "utf8" }).trim()}`);
console.log(
  `\nFirst changing step, ${RUNS} runs, node ${process.version}, ${os.cpus().length} cores (medians, ms)\n`,
);
console.log(
  "| files | workspace | version | cold first step | its CPU (tandem + git) | its checkpoint ready | first step after warm() | step 1 s after start | next step |",
);
console.log("|---:|---|---|---:|---:|---:|---:|---:|---:|");
for (const [key, r] of results) {
  const [files, kind, version] = key.split("|");
  const fmt = (values: number[]) => (values.length ? median(values).toFixed(0) : "—");
  console.log(
    `| ${Number(files).toLocaleString("en-US")} | ${kind} | ${version} | ${fmt(r.cold)} | ${fmt(r.coldCpu)} | ${fmt(r.ready)} | ${fmt(r.warm)} | ${fmt(r.at1s)} | ${fmt(r.next)} |`,
  );
}
