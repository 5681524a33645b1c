#!/usr/bin/env node
// Launcher. Node's on-disk compile cache makes every start after the first skip recompiling our modules and
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
