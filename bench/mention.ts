/**
 * `@` mention benchmark: fuzzy matching on 100,000 paths as a user types, and listing a 100,000-file tree.
 * Run: `npx node bench/mention.ts` (Node 24 runs the TypeScript directly). Env: BENCH_PATHS (default 100000).
 * The listing part uses the search benchmark's tree (os.tmpdir()/tandem-bench-tree, made by
 * `npx node bench/search.ts`) when it exists.
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileIndex, type FileLister } from "../src/tui/file-index.ts";
import { createPathMatcher } from "../src/tui/mention.ts";

const PATHS = Number(process.env.BENCH_PATHS ?? 100_000);

/** Seeded, so every run matches the same paths. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words =
  "src lib test tests core util utils tui app providers node_modules pkg docs internal cmd api server client components hooks views models store config scripts build assets styles images fixtures support agent session tools sandbox safety protocol parser lexer render screen composer keys mention index main types helpers common shared vendor plugins".split(
    " ",
  );
const exts = ["ts", "tsx", "js", "json", "md", "css", "go", "rs", "py", "snap"];

function syntheticPaths(n: number): string[] {
  const rnd = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const depth = 1 + Math.floor(rnd() * 6);
    const parts: string[] = [];
    for (let d = 0; d < depth; d++) parts.push(pick(words));
    parts.push(`${pick(words)}-${pick(words)}${i % 97}.${pick(exts)}`);
    out.push(parts.join("/"));
  }
  out.push("src/tui/composer.ts", "README.md", "docs/tui.md");
  return out;
}

const paths = syntheticPaths(PATHS);
let t = performance.now();
const matcher = createPathMatcher(paths, { maxScored: Number(process.env.BENCH_SCORED ?? 1_000) });
console.log(`paths: ${paths.length}; matcher built in ${(performance.now() - t).toFixed(0)} ms`);

// Typing `src/tui/composer` one key at a time, then a few other queries.
const typed = "src/tui/composer";
const queries = [
  ...Array.from({ length: typed.length }, (_, i) => typed.slice(0, i + 1)),
  "",
  "rdme",
  "zzzz",
  "STc",
];
const times: number[] = [];
for (let round = 0; round < 3; round++) {
  for (const q of queries) {
    t = performance.now();
    const found = matcher.match(q);
    const ms = performance.now() - t;
    if (round === 2)
      console.log(
        `  ${JSON.stringify(q).padEnd(20)} ${ms.toFixed(1).padStart(6)} ms  ${found[0]?.path ?? "-"}`,
      );
    times.push(ms);
  }
}
times.sort((a, b) => a - b);
console.log(
  `per query: median ${times[Math.floor(times.length / 2)]?.toFixed(1)} ms, p95 ${times[Math.floor(times.length * 0.95)]?.toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms`,
);

const tree = join(tmpdir(), "tandem-bench-tree");
if (existsSync(tree)) {
  for (const lister of ["rg", "git", "walk"] as FileLister[]) {
    const index = createFileIndex({ cwd: () => tree, listers: [lister] });
    t = performance.now();
    index.request();
    await index.settled();
    const snap = index.snapshot;
    if (!snap) {
      console.log(`listing ${tree} with ${lister}: not available here`);
      continue;
    }
    const listed = performance.now() - t;
    t = performance.now();
    createPathMatcher(snap.entries);
    console.log(
      `listing ${tree} with ${lister}: ${snap.entries.length} entries${snap.truncated ? " (capped)" : ""} in ${listed.toFixed(0)} ms; matcher ${(performance.now() - t).toFixed(0)} ms`,
    );
  }
} else console.log(`no tree at ${tree}: run bench/search.ts once to time the listing`);
