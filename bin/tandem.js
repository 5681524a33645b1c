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
// Node's on-disk compile cache makes every start after the first skip compiling our modules (~1 MB of bundle)
// from source. It lives in the user's own cache folder, `$XDG_CACHE_HOME/tandem/node-compile-cache` (default
// `~/.cache/tandem/…`), not Node's default in the shared temp folder, where another user could create the folder
// first and so keep ours from being written, or fill it. Created 0700; Node writes each entry to a temporary file
// and renames it, so concurrent runs never read half an entry; nothing here may fail a run (an unwritable folder
// just means no cache). NODE_COMPILE_CACHE (another folder) and NODE_DISABLE_COMPILE_CACHE=1 still win. The CLI
// itself is built into dist/ by `npm run build` (run on `npm install` through `prepare`).
import module from "node:module";

try {
  const { join, isAbsolute } = process.getBuiltinModule("node:path");
  const xdg = process.env.XDG_CACHE_HOME;
  const root =
    xdg && isAbsolute(xdg)
      ? xdg
      : join(process.env.HOME || process.getBuiltinModule("node:os").homedir(), ".cache");
  const dir = join(root, "tandem", "node-compile-cache");
  process.getBuiltinModule("node:fs").mkdirSync(dir, { recursive: true, mode: 0o700 });
  module.enableCompileCache?.(dir);
} catch {
  // No cache this run (no home folder, a read-only or full disk): tandem starts as without one.
}
import("../dist/cli/main.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/main.js")) {
    process.stderr.write("tandem: not built yet. Run `npm run build` in the tandem checkout.\n");
    process.exit(2);
  }
  throw error;
});
