/**
 * Checkpoint speed on a 10,000-file workspace: `npx node bench/checkpoint.ts [--files N] [--runs N]`.
 * The workspace is generated once and cached under os.tmpdir(); each run uses a fresh shadow store.
 * Prints a markdown table of medians (ms).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCheckpointStore } from "../src/safety/checkpoints/index.ts";

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const FILES = arg("files", 10_000);
const RUNS = arg("runs", 5);
const STEPS = 10;

function workspaceFor(files: number): string {
  const dir = path.join(os.tmpdir(), `tandem-bench-checkpoint-${files}`);
  const marker = path.join(dir, ".bench-complete");
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, ".gitignore"), "node_modules/\n.bench-*\n");
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, "src", `pkg${i % 50}`, `mod${Math.floor(i / 50) % 20}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(
      path.join(sub, `file${i}.ts`),
      `export const value${i} = ${i};\n${"// filler line\n".repeat(i % 40)}`,
    );
  }
  mkdirSync(path.join(dir, "node_modules", "dep"), { recursive: true });
  for (let i = 0; i < 1000; i++) writeFileSync(path.join(dir, "node_modules", "dep", `f${i}.js`), `${i}\n`);
  writeFileSync(marker, "");
  return dir;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await fn();
  return [performance.now() - start, result];
}

const workspace = workspaceFor(FILES);
const target = path.join(workspace, "src", "pkg0", "mod0", "file0.ts");
const results: Record<string, number[]> = { first: [], unchanged: [], oneFile: [], restore: [], undo: [] };

for (let run = 0; run < RUNS; run++) {
  const storeDir = mkdtempSync(path.join(os.tmpdir(), "tandem-bench-store-"));
  try {
    const store = createCheckpointStore({ workspace, storeDir });
    const [first, base] = await time(() => store.create("first"));
    results.first?.push(first);
    for (let step = 0; step < STEPS; step++) {
      results.unchanged?.push((await time(() => store.create(`unchanged ${step}`)))[0]);
      writeFileSync(target, `export const value0 = ${run * 100 + step};\n`);
      results.oneFile?.push((await time(() => store.create(`one file ${step}`)))[0]);
    }
    writeFileSync(target, "export const value0 = -1;\n");
    results.restore?.push((await time(() => store.restore(base.seq)))[0]);
    writeFileSync(target, "export const value0 = -2;\n");
    await store.create("before last step");
    writeFileSync(target, "export const value0 = -3;\n");
    results.undo?.push((await time(() => store.undo()))[0]);
  } finally {
    rmSync(storeDir, { recursive: true, force: true });
  }
}

const label: Record<string, string> = {
  first: "first checkpoint (new store)",
  unchanged: "checkpoint, nothing changed",
  oneFile: "checkpoint, 1 file changed",
  restore: "restore (1 file differs; includes undo point)",
  undo: "undo (1 file differs)",
};
console.log(
  `\nCheckpoints: ${FILES} files (+1,000 ignored), ${RUNS} runs, node ${process.version}, ${os.cpus().length} cores\n`,
);
console.log("| operation | median ms | min ms | max ms | samples |");
console.log("|---|---:|---:|---:|---:|");
for (const [key, values] of Object.entries(results)) {
  const fmt = (n: number) => n.toFixed(1);
  console.log(
    `| ${label[key]} | ${fmt(median(values))} | ${fmt(Math.min(...values))} | ${fmt(Math.max(...values))} | ${values.length} |`,
  );
}
