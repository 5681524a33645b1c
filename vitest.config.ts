import { defineConfig } from "vitest/config";

const results = process.env.TANDEM_TEST_RESULTS;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // Tests spawn real processes, git and bubblewrap on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    reporters: results ? ["default", ["json", { outputFile: results }]] : ["default"],
  },
});
