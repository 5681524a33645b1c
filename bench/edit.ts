/**
 * Editing speed on a generated 1 MB file: the edit tool changing a line near the end, and apply_patch with one
 * hunk near the end and with 20 hunks spread over the file. Each run starts from a fresh copy of the file
 * and goes through the real tools (file-state check, match, atomic write with fsync, diff). Median of N runs,
 * wall and CPU time.
 *
 * Run: node bench/edit.ts [--runs N]
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApplyPatchTool } from "../src/tools/apply-patch/tool.ts";
import { createEditTool } from "../src/tools/edit.ts";
import { createFileState } from "../src/tools/file-state.ts";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** ~1 MB of distinct, code-like lines. */
function generate(): string[] {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 1_000_000; i++) {
    const line = `    const value_${i} = compute(${i}, "item-${i}") + offset; // line ${i}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  return lines;
}

const lines = generate();
const content = `${lines.join("\n")}\n`;
const n = lines.length;
const near = n - 10;
const nearOld = lines[near] as string;

const patchNearEnd = `*** Begin Patch\n*** Update File: big.ts\n@@\n ${lines[near - 1]}\n-${nearOld}\n+${nearOld} // edited\n ${lines[near + 1]}\n*** End Patch\n`;
const hunks: string[] = [];
for (let h = 0; h < 20; h++) {
  const i = Math.floor(((h + 0.5) * n) / 20);
  hunks.push(`@@\n ${lines[i - 1]}\n-${lines[i]}\n+${lines[i]} // hunk ${h}\n ${lines[i + 1]}`);
}
const patch20 = `*** Begin Patch\n*** Update File: big.ts\n${hunks.join("\n")}\n*** End Patch\n`;

const dir = await mkdtemp(join(tmpdir(), "tandem-bench-edit-"));
const file = join(dir, "big.ts");
const ctx = { cwd: dir, callId: "bench", signal: new AbortController().signal };

/** Wall time is noisy on a shared machine; CPU time (user + system of this process) much less so. */
async function measure(name: string, run: () => Promise<{ isError?: boolean; content: string }>) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS + 1; r++) {
    await writeFile(file, content);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await run();
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (result.isError) throw new Error(`${name}: ${result.content}`);
    if (r === 0) continue; // the first run warms up the JIT
    wall.push(ms);
    cpu.push((c.user + c.system) / 1000);
  }
  return { name, median: median(wall), min: Math.min(...wall), cpu: median(cpu) };
}

function fresh() {
  const fileState = createFileState();
  fileState.recordRead(file, content);
  return fileState;
}

const rows = [
  await measure("edit: one line near the end", () =>
    createEditTool({ fileState: fresh() }).execute(
      { path: "big.ts", old_string: nearOld, new_string: `${nearOld} // edited` },
      ctx,
    ),
  ),
  await measure("apply_patch: one hunk near the end", () =>
    createApplyPatchTool({ fileState: fresh() }).execute({ input: patchNearEnd }, ctx),
  ),
  await measure("apply_patch: 20 hunks", () =>
    createApplyPatchTool({ fileState: fresh() }).execute({ input: patch20 }, ctx),
  ),
];
const edited = await readFile(file, "utf8");
if (!edited.includes("// hunk 19")) throw new Error("the 20-hunk patch did not apply");
await rm(dir, { recursive: true, force: true });

console.log(
  `File: ${(Buffer.byteLength(content) / 1e6).toFixed(2)} MB, ${n} lines; ${RUNS} runs each (after one warm-up)\n`,
);
console.log("| operation | wall median ms | wall min ms | CPU median ms |");
console.log("|---|---:|---:|---:|");
for (const row of rows) {
  console.log(`| ${row.name} | ${row.median.toFixed(1)} | ${row.min.toFixed(1)} | ${row.cpu.toFixed(1)} |`);
}
