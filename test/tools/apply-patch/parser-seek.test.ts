import { describe, expect, it } from "vitest";
import { parsePatch } from "../../../src/tools/apply-patch/parser.ts";
import { seekSequence } from "../../../src/tools/apply-patch/seek.ts";

describe("parsePatch", () => {
  it("parses every hunk kind with anchors, moves, end-of-file and patch line numbers", () => {
    const result = parsePatch(
      [
        "*** Begin Patch",
        "*** Add File: a.txt",
        "+one",
        "+",
        "*** Delete File: b.txt",
        "*** Update File: c.py",
        "*** Move to: d.py",
        "@@ def f():",
        "-    pass",
        "+    return 1",
        "@@",
        " tail",
        "+more",
        "*** End of File",
        "*** End Patch",
      ].join("\n"),
    );
    expect(result).toEqual({
      ok: true,
      hunks: [
        { type: "add", path: "a.txt", contents: "one\n\n", patchLine: 2 },
        { type: "delete", path: "b.txt", patchLine: 5 },
        {
          type: "update",
          path: "c.py",
          moveTo: "d.py",
          patchLine: 6,
          chunks: [
            {
              anchor: "def f():",
              oldLines: ["    pass"],
              newLines: ["    return 1"],
              newFromOld: [-1],
              endOfFile: false,
              patchLine: 8,
            },
            {
              oldLines: ["tail"],
              newLines: ["tail", "more"],
              newFromOld: [0, -1],
              endOfFile: true,
              patchLine: 11,
            },
          ],
        },
      ],
    });
  });

  it("reads a blank line inside a change as empty context, and between changes as a separator", () => {
    const result = parsePatch("*** Begin Patch\n*** Update File: f\n@@\n a\n\n-b\n\n@@\n-c\n*** End Patch");
    expect(result.ok).toBe(true);
    if (!result.ok || result.hunks[0]?.type !== "update") return;
    expect(result.hunks[0].chunks.map((c) => c.oldLines)).toEqual([["a", "", "b"], ["c"]]);
  });

  it("names the patch line of a syntax error", () => {
    expect(parsePatch("*** Begin Patch\n*** Update File: f\n@@\n-a\n@@\n*** End Patch")).toEqual({
      ok: false,
      error: "Invalid patch, line 5: a '@@' change has no lines.",
    });
  });
});

describe("seekSequence", () => {
  it("prefers an exact match anywhere over an earlier loose one", () => {
    expect(seekSequence(["foo  ", "foo"], ["foo"], 0, false)).toEqual({ index: 1, level: "exact" });
  });

  it("falls back level by level: trailing whitespace, indentation, typographic punctuation", () => {
    expect(seekSequence(["x", "foo \t"], ["foo"], 0, false)).toEqual({
      index: 1,
      level: "trailing-whitespace",
    });
    expect(seekSequence(["x", "   foo"], ["foo"], 0, false)).toEqual({ index: 1, level: "whitespace" });
    const fancy = Buffer.from("a \u2014 \u201Cb\u201D", "utf8").toString("latin1");
    expect(seekSequence(["x", fancy], ['a - "b"'], 0, false)).toEqual({ index: 1, level: "unicode" });
  });

  it("with end-of-file, takes the match at the end first", () => {
    expect(seekSequence(["end", "mid", "end"], ["end"], 0, true)).toEqual({ index: 2, level: "exact" });
    expect(seekSequence(["end", "mid", "end"], ["end"], 0, false)).toEqual({ index: 0, level: "exact" });
  });

  it("returns nothing for a pattern longer than the file", () => {
    expect(seekSequence(["a"], ["a", "b"], 0, false)).toBeUndefined();
  });
});
