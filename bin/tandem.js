#!/usr/bin/env -S node --no-wasm-tier-up --no-wasm-dynamic-tiering --max-semi-space-size=4 --max-opt=2
// Launcher. The wasm flags keep WebAssembly (tree-sitter-bash, used to analyse shell commands) on V8's
// baseline compiler: optimizing the grammar's huge lexer function took ~500 MB of compiler memory, so
// `tandem exec` peaked at ~610 MB after 20 shell calls instead of ~97 MB. A 4 MB semi-space keeps the young
// generation small: a 20k-token answer peaked at 116–128 MB with V8's default and 94 MB with it, no slower
// (streaming makes short-lived garbage that scavenges cheaply). `--max-opt=2` stops JavaScript at V8's
// mid-tier compiler (Maglev), never TurboFan: in a short `tandem exec` a single hot function (node:path's
// normalizeString) tiered up and paged in ~5 MB of TurboFan's own machine code (of a ~84 MB peak), while
// tandem's heavy work is native (JSON, regexes, wasm) and the edit and 20k-token benches ran no slower without
// it (docs/benchmarks.md, "Start-up"). V8 reads these flags as it starts (`v8.setFlagsFromString` of
// `--max-opt=2` later did nothing), so they cannot be set from code. Run as `node bin/tandem.js`, tandem works
// the same with higher peaks.
// Node's on-disk compile cache makes every start after the first skip recompiling our modules and
// dependencies (zod alone is ~100 ms to compile). The CLI itself is built into dist/ by `npm run build`
// (run on `npm install` through `prepare`).
import module from "node:module";

module.enableCompileCache?.();
import("../dist/cli/main.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/main.js")) {
    process.stderr.write("tandem: not built yet. Run `npm run build` in the tandem checkout.\n");
    process.exit(2);
  }
  throw error;
});
