/**
 * The streaming text kept for the live view (`liveTail`): bounded by characters and by non-blank lines, cut
 * at a paragraph when one is near, and a code fence cut through is reopened with its language (a bare fence
 * made the highlighter guess the language on every frame).
 */
import { expect, it } from "vitest";
import { liveTail } from "../../src/tui/screen.ts";

it("keeps text that fits whole", () => {
  expect(liveTail("one\n\ntwo", 100, 10)).toBe("one\n\ntwo");
});

it("keeps at most maxLines non-blank lines of short-lined text, however many characters fit", () => {
  const text = Array.from({ length: 200 }, (_, i) => `call${i}();`).join("\n");
  const tail = liveTail(text, 100_000, 10);
  expect(tail.split("\n")).toEqual(Array.from({ length: 10 }, (_, i) => `call${190 + i}();`));
});

it("cuts at a paragraph break in the first half of the tail, not at one near the end", () => {
  const early = `${"a\n".repeat(3)}\nfirst kept\nx\ny\nz\nlast`;
  expect(liveTail(early, 100_000, 6)).toBe("first kept\nx\ny\nz\nlast");
  const late = `${"line\n".repeat(20)}\nend`;
  // The only break is just before the last line: cutting there would leave one line of a full screen.
  expect(liveTail(late, 100_000, 6).split("\n")).toHaveLength(7);
});

it("reopens a code fence cut through with its language", () => {
  const code = Array.from({ length: 50 }, (_, i) => `  step(${i});`).join("\n");
  const text = `Intro.\n\n\`\`\`ts title="x"\n${code}\n`;
  const tail = liveTail(text, 100_000, 5);
  expect(tail.split("\n")[0]).toBe('```ts title="x"');
  expect(tail).toContain("step(49);");
  expect(tail).not.toContain("step(40);");
  // A closed fence before the cut is not reopened.
  const closed = `\`\`\`ts\nx\n\`\`\`\n\n${"word\n".repeat(30)}`;
  expect(liveTail(closed, 100_000, 5).startsWith("```")).toBe(false);
});
