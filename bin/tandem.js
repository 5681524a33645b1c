#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run on `npm install` via `prepare`).
import("../dist/cli/main.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/main.js")) {
    process.stderr.write("tandem: not built yet. Run `npm run build` in the tandem checkout.\n");
    process.exit(2);
  }
  throw error;
});
