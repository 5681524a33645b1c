/** unifiedDiff skips the common head and tail for speed; its output must equal a full diff of the texts. */
import { createTwoFilesPatch } from "diff";
import { describe, expect, it } from "vitest";
import { diffStats, shortenDiff, unifiedDiff } from "../../src/tools/diff-text.ts";

const reference = (a: string, b: string) =>
  createTwoFilesPatch("a/f", "b/f", a, b, undefined, undefined, {
    context: 3,
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });

describe("unifiedDiff", () => {
  it("matches a full diff on edge cases", () => {
    const cases: Array<[string, string]> = [
      ["a\nb\nc\n", "a\nB\nc\n"],
      ["", "x\n"],
      ["x\n", ""],
      ["a\nb", "a\nb\nc"],
      ["a\nb\n", "a\nb"],
      ["same\nsame\nsame\n", "same\nsame\n"],
      ["ab\n", "abc\n"],
    ];
    for (const [a, b] of cases) expect(unifiedDiff("f", a, b)).toBe(reference(a, b));
    expect(unifiedDiff("f", "same", "same")).toBe("");
  });

  it("matches a full diff on random edits of a long text (line numbers included)", () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const base = Array.from({ length: 300 }, (_, i) => `line ${i % 17}`);
    for (let round = 0; round < 40; round++) {
      const lines = [...base];
      for (let k = 0; k < 1 + rand(4); k++) {
        const at = rand(lines.length);
        const op = rand(3);
        if (op === 0) lines.splice(at, 1);
        else if (op === 1) lines.splice(at, 0, `new ${round}.${k}`);
        else lines[at] = `changed ${round}.${k}`;
      }
      const a = `${base.join("\n")}\n`;
      const b = `${lines.join("\n")}${rand(2) ? "\n" : ""}`;
      expect(unifiedDiff("f", a, b)).toBe(reference(a, b));
    }
  });

  it("counts and shortens", () => {
    const diff = unifiedDiff("f", "a\nb\n", "a\nc\nd\n");
    expect(diffStats(diff)).toEqual({ added: 2, removed: 1 });
    expect(shortenDiff(diff, 3)).toMatch(/\[… \d+ more diff lines\]$/);
  });
});
