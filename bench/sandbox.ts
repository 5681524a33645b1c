/**
 * Sandbox overhead: wall time of `bash -c true` run plainly vs inside bubblewrap (workspace-write, network off),
 * N runs each, alternating so machine noise hits both alike. Also the cost of `wrap()` itself, which inspects
 * the workspace (.git, .tandem, secrets, the index's gitlinks) on every call, and of the check after each
 * command (`finish()`, settle.ts). The workspace is a committed 500-file repository with two gitlinked nested
 * repositories. Run: `node bench/sandbox.ts [N]`. Target: <= 30 ms added.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox } from "../src/sandbox/index.ts";

const n = Number(process.argv[2] ?? 50);
const ws = mkdtempSync(join("/var/tmp", "tandem-bench-sandbox-"));
execFileSync("git", ["init", "-q", ws]);
for (let i = 0; i < 500; i++) {
  mkdirSync(join(ws, `d${i % 20}`), { recursive: true });
  writeFileSync(join(ws, `d${i % 20}`, `f${i}.ts`), `export const v${i} = ${i};\n`);
}
for (const sub of ["vendor/a", "vendor/b"]) {
  execFileSync("git", ["init", "-q", join(ws, sub)]);
  execFileSync("git", [
    "-C",
    join(ws, sub),
    "-c",
    "user.name=b",
    "-c",
    "user.email=b@b",
    "commit",
    "-q",
    "--allow-empty",
    "-m",
    "x",
  ]);
}
execFileSync("git", ["-C", ws, "add", "-A"], { stdio: "ignore" });

function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function run(argv: string[]): void {
  const [file, ...args] = argv;
  const r = spawnSync(file as string, args, { cwd: ws, stdio: "ignore" });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function p90(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] as number;
}

try {
  const sandbox = createSandbox({ workspace: ws });
  const command = ["bash", "-c", "true"];
  // Warm up the page cache for both paths.
  for (let i = 0; i < 3; i++) {
    run(command);
    run(sandbox.wrap(command, ws));
  }
  const plain: number[] = [];
  const wrapped: number[] = [];
  const wrapCost: number[] = [];
  const finishCost: number[] = [];
  for (let i = 0; i < n; i++) {
    plain.push(timeMs(() => run(command)));
    let prepared = sandbox.prepare(command, ws);
    wrapCost.push(timeMs(() => (prepared = sandbox.prepare(command, ws))));
    wrapped.push(timeMs(() => run(prepared.argv)));
    finishCost.push(timeMs(() => prepared.finish()));
  }
  const f = (x: number) => x.toFixed(1);
  console.log(`Sandbox overhead, ${n} runs each, alternating (${sandbox.describe()})\n`);
  console.log("| | median (ms) | p90 (ms) |");
  console.log("|---|---|---|");
  console.log(`| \`bash -c true\` plain | ${f(median(plain))} | ${f(p90(plain))} |`);
  console.log(`| \`bash -c true\` in bubblewrap | ${f(median(wrapped))} | ${f(p90(wrapped))} |`);
  console.log(`| \`wrap()\` (build the argv) | ${f(median(wrapCost))} | ${f(p90(wrapCost))} |`);
  console.log(
    `| \`finish()\` (the check after the command) | ${f(median(finishCost))} | ${f(p90(finishCost))} |`,
  );
  const added = median(wrapped) + median(wrapCost) + median(finishCost) - median(plain);
  console.log(`| **added per command** | **${f(added)}** | |`);
} finally {
  rmSync(ws, { recursive: true, force: true });
}
