import { describe, expect, it } from "vitest";
import { clip } from "../../src/util/clip.ts";
import { excerpt } from "../../src/util/excerpt.ts";

describe("clip", () => {
  it("keeps a text that fits, to the character", () => {
    expect(clip("hello", 5)).toBe("hello");
    expect(clip("", 3)).toBe("");
  });

  it("cuts to at most max characters, the last one the single ellipsis style", () => {
    const cut = clip("abcdefghij", 6);
    expect(cut).toBe("abcde…");
    expect(cut).toHaveLength(6);
    expect(cut).not.toContain("...");
  });

  it("never leaves half a surrogate pair before the ellipsis", () => {
    // "ab😀cd": the emoji is two code units at 2..3; a cut after "ab" plus its first half would be invalid text.
    const cut = clip("ab😀cd", 4);
    expect(cut).toBe("ab…");
    expect(cut.isWellFormed()).toBe(true);
  });

  it("gives nothing for a max of zero or less rather than an ellipsis that is over the limit", () => {
    expect(clip("abc", 0)).toBe("");
    expect(clip("abc", 1)).toBe("…");
  });

  it("is what excerpt uses after collapsing whitespace", () => {
    expect(excerpt("a\n\n  b   c", 80)).toBe("a b c");
    expect(excerpt(`x ${"y".repeat(100)}`, 10)).toBe(`x ${"y".repeat(7)}…`);
  });
});
