/**
 * Search tools benchmark: grep and find over a 100,000-file tree, ripgrep backend vs the built-in walker.
 * Run: `npx node bench/search.ts` (Node 24 runs the TypeScript directly). Env: BENCH_RUNS (default 3),
 * BENCH_FILES (default 100000). The tree is generated once under os.tmpdir()/tandem-bench-tree and reused.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnyTool } from "../src/core/tool.ts";
import { createFindTool } from "../src/tools/find.ts";
import { createGrepTool } from "../src/tools/grep.ts";

const FILES = Number(process.env.BENCH_FILES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(tmpdir(), FILES === 100_000 ? "tandem-bench-tree" : `tandem-bench-tree-${FILES}`);

/** 100 folders × 10 subfolders × N files; 1 file in 1,000 holds the needle; a nested .gitignore hides `gen/`. */
function ensureTree(): void {
  const marker = join(root, ".complete");
  if (existsSync(marker)) return;
  rmSync(root, { recursive: true, force: true });
  const perDir = Math.ceil(FILES / 1_000);
  let made = 0;
  const started = Date.now();
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, ".gitignore"), "*.log\n");
  for (let a = 0; a < 100 && made < FILES; a++) {
    for (let b = 0; b < 10 && made < FILES; b++) {
      const dir = join(root, `pkg${a}`, `mod${b}`);
      mkdirSync(dir, { recursive: true });
      for (let c = 0; c < perDir && made < FILES; c++, made++) {
        const ext = c % 3 === 0 ? "ts" : c % 3 === 1 ? "js" : "md";
        const needle = made % 1_000 === 0 ? "const zebraNeedle = true;\n" : "";
        const body = `// file ${made}\nexport function f${made}(x: number) {\n  return x * ${made};\n}\n${needle}`;
        writeFileSync(join(dir, `file${c}.${ext}`), body.repeat(4));
      }
    }
    // An ignored folder per package, so ignore handling is part of the work.
    mkdirSync(join(root, `pkg${a}`, "gen"), { recursive: true });
    writeFileSync(join(root, `pkg${a}`, ".gitignore"), "gen/\n");
    writeFileSync(join(root, `pkg${a}`, "gen", "out.ts"), "const zebraNeedle = 'ignored';\n");
  }
  writeFileSync(marker, "");
  console.error(`generated ${made} files in ${root} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function time(tool: AnyTool, args: Record<string, unknown>): Promise<{ ms: number; summary: string }> {
  const ctx = { cwd: root, callId: "bench", signal: new AbortController().signal };
  const times: number[] = [];
  let summary = "";
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const result = await tool.execute(args, ctx);
    times.push(performance.now() - started);
    const d = result.details as { shown?: number; total?: number } | undefined;
    summary = `${d?.shown ?? "?"} shown of ${d?.total ?? "?"}`;
  }
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, summary };
}

ensureTree();
const cases: {
  name: string;
  make: (backend: "ripgrep" | "builtin") => AnyTool;
  args: Record<string, unknown>;
}[] = [
  {
    name: "grep rare (`zebraNeedle`)",
    make: (backend) => createGrepTool({ backend }),
    args: { pattern: "zebraNeedle" },
  },
  {
    name: "grep common (`return x`, capped at 100)",
    make: (backend) => createGrepTool({ backend }),
    args: { pattern: "return x" },
  },
  {
    name: "grep rare with glob `*.ts`",
    make: (backend) => createGrepTool({ backend }),
    args: { pattern: "zebraNeedle", glob: "*.ts" },
  },
  { name: "find `**/*.ts`", make: (backend) => createFindTool({ backend }), args: { pattern: "**/*.ts" } },
  {
    name: "find `pkg1/**/file1.*`",
    make: (backend) => createFindTool({ backend }),
    args: { pattern: "pkg1/**/file1.*" },
  },
];

const rows: string[] = [];
for (const c of cases) {
  const rg = await time(c.make("ripgrep"), c.args);
  const builtin = await time(c.make("builtin"), c.args);
  rows.push(`| ${c.name} | ${rg.ms.toFixed(0)} | ${builtin.ms.toFixed(0)} | ${rg.summary} |`);
}
console.log(`Search tools on ${FILES.toLocaleString("en-US")} files, median of ${RUNS} runs (ms)\n`);
console.log("| case | ripgrep | built-in | results |\n|---|---:|---:|---|");
console.log(rows.join("\n"));
