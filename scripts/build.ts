/**
 * `npm run build` (then `tsc -p tsconfig.build.json` writes the .d.ts declarations beside it): bundles the CLI into
 * dist/ with rolldown.
 *
 * Why a bundle: loading ~340 separate modules (ours and our dependencies') cost about half of the start-up of
 * `tandem exec` (docs/benchmarks.md, "Start-up"). The bundle keeps every dynamic `import()` as a chunk of
 * its own, so what a run may not need (the UI, the safety gate, the analyser, each subcommand) still loads
 * only when asked. Source maps go beside every file; node uses them with `--enable-source-maps`. Node's
 * built-ins are taken with `process.getBuiltinModule` rather than imported (scripts/builtins-without-facade.ts).
 *
 * Run: node scripts/build.ts [--out DIR]   (default dist/ of this checkout; tests build into a temp folder)
 */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { builtinModules } from "node:module";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";
import { builtinsWithoutFacade } from "./builtins-without-facade.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const outArg = process.argv.indexOf("--out");
const dist = outArg > 0 ? resolve(process.argv[outArg + 1] as string) : `${root}dist`;

/**
 * Left to node_modules at run time: web-tree-sitter finds its own .wasm beside its module file, so it must stay
 * where npm put it (tree-sitter-bash's grammar is resolved from node_modules too, src/safety/analysis/parser.ts).
 */
const EXTERNAL = ["web-tree-sitter", "tree-sitter-bash"];

await rm(dist, { recursive: true, force: true });
const started = performance.now();
await build({
  cwd: root,
  // The CLI, and the library's entry once there is one (package.json `exports`); they share chunks.
  input: {
    "cli/main": "src/cli/main.ts",
    ...(existsSync(`${root}src/index.ts`) ? { index: "src/index.ts" } : {}),
  },
  platform: "node",
  tsconfig: "tsconfig.json",
  external: [...EXTERNAL, ...builtinModules, /^node:/],
  // What `codeSplitting.includeDependenciesRecursively: false` needs (below): an entry chunk may export more than
  // its module does. No one imports dist/cli/main.js; dist/index.js's exports stay a superset of src/index.ts's.
  preserveEntrySignatures: "allow-extension",
  // Built-ins through process.getBuiltinModule, not their ES facades (scripts/builtins-without-facade.ts).
  plugins: [builtinsWithoutFacade()],
  output: {
    dir: dist,
    format: "esm",
    sourcemap: true,
    chunkFileNames: "chunks/[name]-[hash].js",
    // The small helpers of util/ and protocol/ in one chunk: apart, each was a chunk of its own (rolldown splits
    // what several lazy chunks share), and every module a start loads costs its resolution, a stat and a module
    // job. `tandem exec` loaded 33 files before its first request, now 25 (0.97x spawn to first request,
    // docs/benchmarks.md). Not util/zod.ts: it imports zod, which `--help` and `--version` must not load.
    codeSplitting: {
      includeDependenciesRecursively: false,
      groups: [
        {
          name: "common",
          test: (id) => /[\\/]src[\\/](util|protocol)[\\/]/.test(id) && !id.endsWith("zod.ts"),
        },
      ],
    },
    // Whitespace only: no renaming and no rewriting, so stack traces keep every function's name and
    // `--enable-source-maps` maps a position back to src/. A start reads, decodes and checks against the compile
    // cache ~20 % less source: spawn → first request 0.83–0.86× (docs/benchmarks.md, "Start-up").
    minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
    // V8 keeps each module's source in memory, two bytes a character if any character is not Latin-1 (our
    // "…", "→" and "—"): escaped to ASCII, and without doc comments (the source maps point at them), the
    // sources of a run take ~1.5 MB less. Licence comments of the bundled dependencies stay.
    charset: "ascii",
    comments: { legal: true, annotation: false, jsdoc: false },
  },
});
const bundled = performance.now() - started;

process.stdout.write(`dist/ bundled in ${bundled.toFixed(0)} ms\n`);
