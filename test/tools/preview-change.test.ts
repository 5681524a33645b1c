/**
 * The file-changing tools declare a `preview`: the unified diff a call would make, from its arguments against
 * the files on disk, for the approval prompt. It writes nothing (no file changed, created or deleted), needs
 * no earlier read, and is the same diff the call reports once it runs. A call that would fail has none.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApplyPatchTool } from "../../src/tools/apply-patch/tool.ts";
import { createEditTool } from "../../src/tools/edit.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { createWriteTool } from "../../src/tools/write.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
  await writeFile(join(dir, "notes.txt"), "one\ntwo\nthree\n");
  await writeFile(join(dir, "gone.txt"), "bye\n");
});
afterEach(() => removeDir(dir));

const files = async () => (await readdir(dir)).sort();
const text = (name: string) => readFile(join(dir, name), "utf8");

describe("preview", () => {
  it("edit: the diff of the replacement, nothing written, the same diff as the run", async () => {
    const fileState = createFileState();
    const edit = createEditTool({ fileState });
    const args = { path: "notes.txt", old_string: "two", new_string: "TWO" };
    const diff = await edit.preview?.(args, { cwd: dir });
    expect(diff).toContain("-two\n+TWO");
    expect(diff).toContain("@@ -1,3 +1,3 @@");
    expect(await text("notes.txt")).toBe("one\ntwo\nthree\n");

    fileState.recordRead(join(dir, "notes.txt"), await readFile(join(dir, "notes.txt")));
    const ran = await edit.execute(args, makeContext(dir).ctx);
    expect(ran.details?.diff).toBe(diff);
  });

  it("edit: none when old_string is not in the file or the file is missing", async () => {
    const edit = createEditTool({ fileState: createFileState() });
    expect(
      await edit.preview?.({ path: "notes.txt", old_string: "four", new_string: "4" }, { cwd: dir }),
    ).toBe(undefined);
    expect(await edit.preview?.({ path: "nope.txt", old_string: "a", new_string: "b" }, { cwd: dir })).toBe(
      undefined,
    );
  });

  it("write: a new file's lines as added, an overwrite's diff; nothing created or changed", async () => {
    const write = createWriteTool({ fileState: createFileState() });
    const created = await write.preview?.({ path: "sub/new.txt", content: "alpha\nbeta\n" }, { cwd: dir });
    expect(created).toContain("@@ -0,0 +1,2 @@\n+alpha\n+beta");
    const over = await write.preview?.({ path: "notes.txt", content: "one\n2\nthree\n" }, { cwd: dir });
    expect(over).toContain("-two\n+2");
    expect(await files()).toEqual(["gone.txt", "notes.txt"]);
    expect(await text("notes.txt")).toBe("one\ntwo\nthree\n");
  });

  it("apply_patch: every file's diff, a dry run (no add, update or delete happens)", async () => {
    const patch = [
      "*** Begin Patch",
      "*** Add File: added.txt",
      "+fresh",
      "*** Update File: notes.txt",
      "@@",
      " one",
      "-two",
      "+deux",
      "*** Delete File: gone.txt",
      "*** End Patch",
    ].join("\n");
    const tool = createApplyPatchTool({ fileState: createFileState() });
    const diff = await tool.preview?.({ input: patch }, { cwd: dir });
    expect(diff).toContain("+++ b/added.txt\n@@ -0,0 +1,1 @@\n+fresh");
    expect(diff).toContain("-two\n+deux");
    expect(diff).toContain("--- a/gone.txt");
    expect(diff).toContain("-bye");
    expect(await files()).toEqual(["gone.txt", "notes.txt"]);
    expect(await text("notes.txt")).toBe("one\ntwo\nthree\n");
    expect(await tool.preview?.({ input: "*** Begin Patch\n*** Update File: x\n" }, { cwd: dir })).toBe(
      undefined,
    );
  });
});
