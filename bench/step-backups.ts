/**
 * Per-step cost of backing up what checkpoints skip (the git directory and ignored files, src/safety/checkpoints/
 * step-backups.ts), in a 500-file repository with a realistic history (300 commits in a pack, 30 loose commits
 * on top, 6 branches) and a 200 MB ignored node_modules (4,000 files), plus a few precious ignored files (.env,
 * a log, a 1 MB database, a build directory of 50 files).
 *
 *   npx node bench/step-backups.ts [--runs N] [--no-node-modules]
 *
 * Figures (medians, ms): the first snapshot of a new process; `before()` when nothing changed since the last
 * snapshot (the usual case: the after-step snapshot of the previous step already ran), also for a file tool's
 * step that declares its writes (`before({ writes })`: the git directory is not walked); after a source file was
 * rewritten through a rename (as `sed -i` and editors do); after a new source file appeared (a directory's
 * entries changed, so git lists the ignored files again); after an ignored log grew (it is copied); a commit (new loose objects to link); and the checkpoint alone versus the checkpoint and
 * the backups together, as the gate runs them before each step. The workspace is generated once under
 * os.tmpdir() and reused.
 */
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCheckpointStore, createStepBackups } from "../src/safety/checkpoints/index.ts";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const WITH_NODE_MODULES = !process.argv.includes("--no-node-modules");
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "b",
  GIT_AUTHOR_EMAIL: "b@b",
  GIT_COMMITTER_NAME: "b",
  GIT_COMMITTER_EMAIL: "b@b",
};

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", args, { cwd, env, input, encoding: "utf8", maxBuffer: 1 << 28 });
}

function workspace(): string {
  const dir = path.join(os.tmpdir(), `tandem-bench-step-backups${WITH_NODE_MODULES ? "" : "-no-nm"}`);
  const marker = path.join(dir, ".bench-complete");
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ["init", "-q", "-b", "main"]);
  // History through fast-import (one pack): 300 commits, each touching 3 of the 500 files.
  const file = (i: number, v: number) =>
    `export const value${i} = ${v};\n${"// filler line\n".repeat(i % 30)}`;
  let stream = "";
  for (let c = 0; c < 300; c++) {
    const message = `commit ${String(c).padStart(3, "0")}`;
    stream += `commit refs/heads/main\ncommitter b <b@b> ${1_700_000_000 + c} +0000\ndata ${message.length}\n${message}\n`;
    const touched =
      c === 0 ? Array.from({ length: 500 }, (_, i) => i) : [c % 500, (c * 7) % 500, (c * 13) % 500];
    for (const i of touched) {
      const data = file(i, c);
      stream += `M 100644 inline src/pkg${i % 20}/file${i}.ts\ndata ${Buffer.byteLength(data)}\n${data}\n`;
    }
  }
  git(dir, ["fast-import", "--quiet"], stream);
  git(dir, ["checkout", "-q", "-f", "main"]);
  for (let b = 0; b < 5; b++) git(dir, ["branch", `feature-${b}`, `main~${b * 10}`]);
  git(dir, ["pack-refs", "--all"]);
  writeFileSync(path.join(dir, ".gitignore"), "node_modules/\n.env\n*.log\n*.db\nbuild/\n.bench-*\n");
  git(dir, ["add", ".gitignore"]);
  git(dir, ["commit", "-qm", "ignore"]);
  for (let c = 0; c < 30; c++) {
    writeFileSync(path.join(dir, "src", "pkg0", "file0.ts"), file(0, 1000 + c));
    git(dir, ["commit", "-qam", `loose ${c}`]);
  }
  const chunk = Buffer.alloc(50 * 1024, "x");
  if (WITH_NODE_MODULES) {
    for (let p = 0; p < 100; p++) {
      const pkg = path.join(dir, "node_modules", `pkg${p}`, "lib");
      mkdirSync(pkg, { recursive: true });
      for (let f = 0; f < 40; f++) writeFileSync(path.join(pkg, `m${f}.js`), chunk);
    }
  }
  writeFileSync(path.join(dir, ".env"), "TOKEN=abc\n");
  writeFileSync(path.join(dir, "server.log"), "started\n");
  writeFileSync(path.join(dir, "local.db"), Buffer.alloc(1024 * 1024, 1));
  mkdirSync(path.join(dir, "build"), { recursive: true });
  for (let f = 0; f < 50; f++) writeFileSync(path.join(dir, "build", `o${f}.o`), `object ${f}\n`);
  writeFileSync(marker, "");
  return dir;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const ws = workspace();
const results: Record<string, number[]> = {};
const add = (name: string, ms: number) => {
  results[name] ??= [];
  results[name].push(ms);
};
const target = path.join(ws, "src", "pkg1", "file1.ts");

for (let run = 0; run < RUNS; run++) {
  const home = mkdtempSync(path.join(os.tmpdir(), "tandem-bench-sb-home-"));
  try {
    const storeDir = path.join(home, "store");
    const store = createCheckpointStore({ workspace: ws, storeDir });
    await store.create("first");
    const backups = createStepBackups({ workspace: ws, storeDir, dir: path.join(home, "data") });
    add(
      "first snapshot (new process: links every object, copies refs/index/ignored files)",
      await time(() => backups.before()),
    );
    await backups.before();
    add("before(), nothing changed since the last snapshot", await time(() => backups.before()));
    // A file tool's step (its writes declared, none reaching .git): the git directory is not walked.
    add(
      "before({ writes }), a file tool's step, nothing changed",
      await time(() => backups.before({ writes: [target] })),
    );
    add(
      "before(), nothing changed (again, alternated with the row above)",
      await time(() => backups.before()),
    );
    const temp = `${target}.tmp`;
    writeFileSync(temp, `export const value1 = ${run};\n`);
    renameSync(temp, target);
    add("before(), a source file replaced by rename (as sed -i does)", await time(() => backups.before()));
    const added = path.join(ws, "src", "pkg2", `new${run}.ts`);
    writeFileSync(added, "export {};\n");
    add("before(), a new source file (git lists ignored files again)", await time(() => backups.before()));
    rmSync(added);
    await backups.before(); // (not measured) back to the same entries
    appendFileSync(path.join(ws, "server.log"), `line ${run}\n`);
    add("before(), an ignored log grew (copied)", await time(() => backups.before()));
    git(ws, ["commit", "-qam", `bench ${run}`]);
    add(
      "before(), after a commit (new objects linked, ref/index/reflog copied)",
      await time(() => backups.before()),
    );
    await store.create("settle");
    await backups.before();
    add("checkpoint alone, nothing changed", await time(() => store.create("x")));
    add(
      "checkpoint + backups together (as the gate runs them), nothing changed",
      await time(() => Promise.all([store.create("y"), backups.before()])),
    );
    git(ws, ["reset", "-q", "--hard", "HEAD~1"]);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const load = os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(" ");
console.log(
  `Step backups, 500-file repo (300 packed + 30 loose commits), ${WITH_NODE_MODULES ? "200 MB ignored node_modules" : "no node_modules"}, ${RUNS} runs, load ${load}\n`,
);
console.log("| operation | median (ms) | max (ms) |");
console.log("|---|---:|---:|");
for (const [name, xs] of Object.entries(results))
  console.log(`| ${name} | ${median(xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`);
