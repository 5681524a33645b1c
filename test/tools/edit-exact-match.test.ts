import { readdir } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEditTool } from "../../src/tools/edit.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { editFixture } from "./edit-support.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

describe("edit: exact matching", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it("replaces the unique occurrence, reports the line and a short diff, and leaves no temp file", async () => {
    const f = await editFixture(dir, "a.ts", "const a = 1;\nconst b = 2;\nconst c = 3;\n");
    const result = await f.edit("const b = 2;", "const b = 20;");
    expect(result.isError).toBeUndefined();
    expect(result.content).toContain("Edited a.ts (line 2, +1 -1).");
    expect(result.content).toContain("@@ -1,3 +1,3 @@");
    expect(result.content).toContain("+const b = 20;");
    expect(result.content).not.toContain("no exact match");
    expect(result.details?.diff).toContain("--- a/a.ts");
    expect(await f.text()).toBe("const a = 1;\nconst b = 20;\nconst c = 3;\n");
    expect(await readdir(dir)).toEqual(["a.ts"]);
  });

  it("refuses an ambiguous old_string, naming the count and the lines", async () => {
    const f = await editFixture(dir, "a.txt", "x = 1\ny\nx = 1\nz\nx = 1\n");
    const result = await f.edit("x = 1", "x = 2");
    expect(result.isError).toBe(true);
    expect(result.content).toContain("matches 3 times (lines 1, 3, 5)");
    expect(await f.text()).toBe("x = 1\ny\nx = 1\nz\nx = 1\n");
  });

  it("replace_all replaces every occurrence", async () => {
    const f = await editFixture(dir, "a.txt", "x = 1\ny\nx = 1\n");
    const result = await f.edit("x = 1", "x = 2", true);
    expect(result.content).toContain("2 replacements");
    expect(await f.text()).toBe("x = 2\ny\nx = 2\n");
  });

  it("says when nothing matches and shows the closest region with line numbers", async () => {
    const f = await editFixture(dir, "a.py", 'def foo():\n    a = 1\n    b = "café"\n    return a + b\n');
    const result = await f.edit('    a = 1\n    b = "cafe"\n    return a + b\n', "pass\n");
    expect(result.isError).toBe(true);
    expect(result.content).toContain("old_string was not found");
    expect(result.content).toContain("Closest region (2 of 3 lines agree)");
    expect(result.content).toMatch(/\s+3\t {4}b = "café"/);
    expect(result.content).toContain("Nothing was changed.");
  });

  it("rejects empty and no-op edits and missing files with guidance", async () => {
    const f = await editFixture(dir, "a.txt", "a\n");
    expect((await f.edit("", "x")).content).toContain("use write");
    expect((await f.edit("a", "a")).content).toContain("identical");
    const missing = await createEditTool({ fileState: createFileState() }).execute(
      { path: "nope.txt", old_string: "a", new_string: "b" },
      makeContext(dir).ctx,
    );
    expect(missing.content).toContain("does not exist. Use write to create it.");
  });
});
