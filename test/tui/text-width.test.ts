/** Wrapping styled text to the terminal width: wide characters count two cells, styles carry across rows. */
import { expect, it } from "vitest";
import { stripAnsi, visibleWidth, wrapLine } from "../../src/tui/text-width.ts";

it("counts cells, not code units", () => {
  expect(visibleWidth("\x1b[1mbold\x1b[22m")).toBe(4);
  expect(visibleWidth("日本語")).toBe(6);
  expect(visibleWidth("🙂 ok")).toBe(5);
});

it("wraps at spaces, splits long words, and reopens styles on the next row", () => {
  expect(wrapLine("alpha beta gamma", 11)).toEqual(["alpha beta", "gamma"]);
  expect(wrapLine("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
  expect(wrapLine("日本語テキスト", 5)).toEqual(["日本", "語テ", "キス", "ト"]);
  const rows = wrapLine("\x1b[1mone two three\x1b[22m", 8);
  expect(rows.map(stripAnsi)).toEqual(["one two", "three"]);
  // Each row stands alone: the second starts bold again, the first closes its styling.
  expect(rows[0]?.endsWith("\x1b[0m")).toBe(true);
  expect(rows[1]?.startsWith("\x1b[1m")).toBe(true);
  for (const row of rows) expect(visibleWidth(row)).toBeLessThanOrEqual(8);
});
