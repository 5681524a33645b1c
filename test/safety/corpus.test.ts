import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeCommand } from "../../src/safety/analysis/index.ts";

const CORPUS = fileURLToPath(new URL("./corpus.tsv", import.meta.url));
const OPTIONS = { cwd: "/workspace/project", home: "/home/user" };

interface Line {
  line: number;
  command: string;
  expected: string;
  note: string;
}

function readCorpus(): Line[] {
  return readFileSync(CORPUS, "utf8")
    .split("\n")
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text.trim() !== "" && !text.startsWith("#"))
    .map(({ text, line }) => {
      const [command = "", expected = "", note = ""] = text.split("\t");
      return { line, command: command.replace(/\\n/g, "\n"), expected, note };
    });
}

describe("command corpus", () => {
  it("has at least 200 commands covering every risk class", () => {
    const lines = readCorpus();
    expect(lines.length).toBeGreaterThanOrEqual(200);
    for (const risk of ["read-only", "write", "destructive", "unknown"]) {
      expect(lines.some((l) => l.expected === risk)).toBe(true);
    }
    for (const l of lines) expect(["read-only", "write", "destructive", "unknown"]).toContain(l.expected);
  });

  it("classifies every line as expected (all mismatches reported together)", async () => {
    const mismatches: string[] = [];
    for (const l of readCorpus()) {
      const a = await analyzeCommand(l.command, OPTIONS);
      if (a.risk !== l.expected) {
        mismatches.push(
          `line ${l.line}: ${JSON.stringify(l.command)} is ${a.risk}, expected ${l.expected} (${l.note}): ${a.reasons.join("; ")}`,
        );
      }
    }
    expect(mismatches, mismatches.join("\n")).toEqual([]);
  });
});
