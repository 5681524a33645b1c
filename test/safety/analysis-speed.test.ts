import { describe, expect, it } from "vitest";
import { analyzeCommand, loadAnalyzer } from "../../src/safety/analysis/index.ts";
import { parseBash } from "../../src/safety/analysis/parser.ts";

const TYPICAL = [
  "git status",
  "npm test -- --run",
  "ls -la src | head -20",
  "find . -name '*.ts' -not -path './node_modules/*' | xargs grep -n TODO",
  "cd packages/core && npm run build && git diff --stat > /tmp/stat.txt",
  "sudo rm -rf ~/.cache/x",
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

describe("speed after load", () => {
  it("parses a typical command in well under 1 ms and analyses it in under 1 ms (median)", async () => {
    await loadAnalyzer();
    const parse: number[] = [];
    const analyze: number[] = [];
    for (let round = 0; round < 50; round++) {
      for (const command of TYPICAL) {
        let t = performance.now();
        parseBash(command).delete();
        parse.push(performance.now() - t);
        t = performance.now();
        await analyzeCommand(command, { cwd: "/workspace/project" });
        analyze.push(performance.now() - t);
      }
    }
    console.log(
      `median parse ${median(parse).toFixed(3)} ms, median analyse ${median(analyze).toFixed(3)} ms`,
    );
    expect(median(parse)).toBeLessThan(1);
    expect(median(analyze)).toBeLessThan(1);
  });
});
