import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyPatchText } from "../../../src/tools/apply-patch/apply.ts";
import { createApplyPatchTool } from "../../../src/tools/apply-patch/tool.ts";
import { createFileState } from "../../../src/tools/file-state.ts";
import { makeContext, makeTempDir, removeDir } from "../tool-support.ts";

const PATCH = [
  "*** Begin Patch",
  "*** Add File: added.txt",
  "+new",
  "*** Update File: mod.txt",
  "*** Move to: moved.txt",
  "@@",
  "-two  ",
  "+2",
  "*** Delete File: gone.txt",
  "*** End Patch",
].join("\n");

describe("apply_patch tool and applyPatchText", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    await writeFile(join(dir, "mod.txt"), "one\ntwo\n");
    await writeFile(join(dir, "gone.txt"), "bye\n");
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it("summarises A/M/D per file, notes loose matches, carries diffs in details, and updates the file state", async () => {
    const fileState = createFileState();
    for (const name of ["mod.txt", "gone.txt"])
      fileState.recordRead(join(dir, name), await readFile(join(dir, name)));
    const tool = createApplyPatchTool({ fileState });
    expect(tool.summarize?.({ input: PATCH })).toBe("apply_patch added.txt, mod.txt, gone.txt");
    const result = await tool.execute({ input: PATCH }, makeContext(dir).ctx);
    expect(result.isError).toBeUndefined();
    expect(result.content).toBe(
      "Applied patch:\nA added.txt\nM mod.txt → moved.txt\nD gone.txt\nNote: some lines matched only loosely (trailing-whitespace).",
    );
    const changes = result.details?.changes ?? [];
    expect(changes.map((c) => c.type)).toEqual(["add", "update", "delete"]);
    expect(changes[1]?.diff).toContain("-two");
    expect(changes[1]?.diff).toContain("+2");
    expect(changes[2]?.diff).toContain("-bye");
    // Written files are now "seen"; the moved-away and deleted ones must be read again before reuse.
    expect(await fileState.check(join(dir, "moved.txt"))).toEqual({ ok: true });
    expect(await fileState.check(join(dir, "added.txt"))).toEqual({ ok: true });
    expect(fileState.has(join(dir, "mod.txt"))).toBe(false);
  });

  it("applyPatchText with dryRun reports the changes and writes nothing", async () => {
    const result = await applyPatchText(PATCH, { cwd: dir, dryRun: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.changes.map((c) => `${c.type} ${c.path}`)).toEqual([
      "add added.txt",
      "update mod.txt",
      "delete gone.txt",
    ]);
    expect(await readFile(join(dir, "mod.txt"), "utf8")).toBe("one\ntwo\n");
    expect(await readFile(join(dir, "gone.txt"), "utf8")).toBe("bye\n");
    await expect(readFile(join(dir, "added.txt"))).rejects.toThrow(/ENOENT/);
  });

  it("applyPatchText needs no prior read (no file-state guard)", async () => {
    const result = await applyPatchText(PATCH, { cwd: dir });
    expect(result.ok).toBe(true);
    expect(await readFile(join(dir, "moved.txt"), "utf8")).toBe("one\n2\n");
  });
});
