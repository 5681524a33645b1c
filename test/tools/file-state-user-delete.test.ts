/**
 * Regression (issue #9, item 8): a file the agent read and the user then deleted is not silently recreated by
 * `write` or apply_patch's `Add File`. Like a user's edit, the deletion is reported to the model and nothing is
 * written; a deliberate re-issue of the same call recreates it.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApplyPatchTool } from "../../src/tools/apply-patch/tool.ts";
import { createFileState, type FileState } from "../../src/tools/file-state.ts";
import { createWriteTool } from "../../src/tools/write.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

describe("a file the user deleted after the agent read it is not silently recreated", () => {
  let dir: string;
  let file: string;
  let fileState: FileState;
  beforeEach(async () => {
    dir = await makeTempDir();
    file = join(dir, "notes.txt");
    await writeFile(file, "alpha\n");
    fileState = createFileState({ cwd: dir });
    fileState.recordRead(file, await readFile(file)); // the agent reads
    await rm(file); // the user deletes it
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  const expectRefused = async (result: { content: string; isError?: boolean }) => {
    expect(result.isError).toBe(true);
    expect(result.content).toContain("notes.txt was deleted or moved since you last read it");
    expect(result.content).toContain("Nothing was written");
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  };

  it("write is refused and names the deletion; the same call re-issued creates it", async () => {
    const write = createWriteTool({ fileState });
    const { ctx } = makeContext(dir);
    await expectRefused(await write.execute({ path: "notes.txt", content: "agent\n" }, ctx));
    const again = await write.execute({ path: "notes.txt", content: "agent\n" }, ctx);
    expect(again.isError).toBeUndefined();
    expect(await readFile(file, "utf8")).toBe("agent\n");
  });

  it("apply_patch Add File is refused with no file changed; the same patch re-issued applies", async () => {
    const tool = createApplyPatchTool({ fileState });
    const { ctx } = makeContext(dir);
    const patch = [
      "*** Begin Patch",
      "*** Add File: other.txt",
      "+other",
      "*** Add File: notes.txt",
      "+agent",
      "*** End Patch",
    ].join("\n");
    await expectRefused(await tool.execute({ input: patch }, ctx));
    await expect(readFile(join(dir, "other.txt"))).rejects.toThrow(/ENOENT/);
    const again = await tool.execute({ input: patch }, ctx);
    expect(again.isError).toBeUndefined();
    expect(await readFile(file, "utf8")).toBe("agent\n");
  });

  it("a file the agent never saw is created without a question", async () => {
    const write = createWriteTool({ fileState });
    const { ctx } = makeContext(dir);
    const created = await write.execute({ path: "fresh.txt", content: "new\n" }, ctx);
    expect(created.isError).toBeUndefined();
    expect(await readFile(join(dir, "fresh.txt"), "utf8")).toBe("new\n");
  });
});
