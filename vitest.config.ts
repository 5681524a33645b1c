import { defineConfig } from "vitest/config";

const results = process.env.TANDEM_TEST_RESULTS;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // Tests spawn real processes, git and bubblewrap on a shared 2-core machine. Above the 30 s runTandem gives
    // each tandem it starts: a slow child is then killed and reported by its own test, instead of the test timing
    // out with the child still running and answering the next test's scripted replies (seen in CI under load).
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: "forks",
    reporters: results ? ["default", ["json", { outputFile: results }]] : ["default"],
  },
});
