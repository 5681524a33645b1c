/** `@` mentions: the word at the cursor, the accepted text (quoted when needed), fuzzy path matching. */
import { describe, expect, it } from "vitest";
import { createPathMatcher, mentionAt, mentionText } from "../../src/tui/mention.ts";

describe("mentionAt", () => {
  it("finds an @word at the start or after whitespace, up to the cursor", () => {
    expect(mentionAt("@sr", 3)).toEqual({ start: 0, end: 3, query: "sr" });
    expect(mentionAt("read @src/a please", 11)).toEqual({ start: 5, end: 11, query: "src/a" });
    // The cursor inside the word: the query is what is before it, the word is replaced to its end.
    expect(mentionAt("x @srcfoo y", 6)).toEqual({ start: 2, end: 9, query: "src" });
    expect(mentionAt("line\n@", 6)).toEqual({ start: 5, end: 6, query: "" });
  });

  it("ignores e-mail addresses, plain words, finished mentions and quoted ones", () => {
    expect(mentionAt("mail a@b.c", 10)).toBeUndefined();
    expect(mentionAt("plain", 5)).toBeUndefined();
    expect(mentionAt("@src/a.ts ", 10)).toBeUndefined();
    expect(mentionAt('@"a b', 5)).toBeUndefined();
    expect(mentionAt("@x", 0)).toBeUndefined();
  });
});

describe("mentionText", () => {
  it("adds a space after a file, none after a folder, and quotes whitespace", () => {
    expect(mentionText("src/app.ts")).toBe("@src/app.ts ");
    expect(mentionText("src/")).toBe("@src/");
    expect(mentionText("docs/a b.txt")).toBe('@"docs/a b.txt" ');
    expect(mentionText('say "hi".md')).toBe('@"say \\"hi\\".md" ');
  });
});

describe("createPathMatcher", () => {
  const paths = [
    "README.md",
    "src/",
    "src/tui/",
    "src/tui/composer.ts",
    "src/tui/view.ts",
    "src/core/agent.ts",
    "test/tui/composer-keys.test.ts",
    "docs/tui.md",
    "Makefile",
  ];

  it("ranks fuzzy matches, best first, within the limit", () => {
    const m = createPathMatcher(paths, { limit: 3 });
    const found = m.match("compo");
    expect(found.map((f) => f.path)).toEqual(["src/tui/composer.ts", "test/tui/composer-keys.test.ts"]);
    expect(found[0]?.positions).toEqual([8, 9, 10, 11, 12]);
    expect(m.match("tui")).toHaveLength(3);
    expect(m.match("zzz")).toEqual([]);
  });

  it("lists the top-level entries for the empty query", () => {
    const m = createPathMatcher(paths, { limit: 3 });
    expect(m.match("").map((f) => f.path)).toEqual(["src/", "Makefile", "README.md"]);
    expect(
      createPathMatcher(["a/b/c.ts", "a/b/", "a/", "zzzzzzzzzz.md"])
        .match("")
        .map((f) => f.path),
    ).toEqual(["a/", "zzzzzzzzzz.md", "a/b/", "a/b/c.ts"]);
  });

  it("is smart-case: an upper-case letter makes the query case-sensitive", () => {
    const m = createPathMatcher(paths);
    expect(m.match("make").map((f) => f.path)).toEqual(["Makefile"]);
    expect(m.match("MAKE")).toEqual([]);
  });

  it("still finds a long path by its file name when many shorter paths match", () => {
    const many = Array.from({ length: 500 }, (_, i) => `x/comp${i}.ts`);
    const deep = "a/very/deep/folder/that/is/long/composer.ts";
    const m = createPathMatcher([...many, deep], { maxScored: 50 });
    expect(m.match("composer").map((f) => f.path)).toContain(deep);
    // Without the file-name rule, only the 50 shortest candidates would be scored.
    expect(m.match("cmp").map((f) => f.path)).not.toContain(deep);
  });
});
