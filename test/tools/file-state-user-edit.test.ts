/**
 * The guarantee: a change the user makes on disk after the agent read a file is never silently reverted.
 * Each editing tool refuses, shows the model the user's change, writes nothing; after a re-read it works and
 * the user's change is kept.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApplyPatchTool } from "../../src/tools/apply-patch/tool.ts";
import { createEditTool } from "../../src/tools/edit.ts";
import { createFileState, type FileState } from "../../src/tools/file-state.ts";
import { createWriteTool } from "../../src/tools/write.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

const ORIGINAL = "alpha\nbeta\ngamma\n";
const USER = "alpha\nbeta (user fix)\ngamma\n";

describe("user edits since the agent's read are never reverted", () => {
  let dir: string;
  let file: string;
  let fileState: FileState;
  beforeEach(async () => {
    dir = await makeTempDir();
    file = join(dir, "notes.txt");
    await writeFile(file, ORIGINAL);
    fileState = createFileState({ cwd: dir });
    fileState.recordRead(file, await readFile(file)); // the agent reads
    await writeFile(file, USER); // the user edits
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  const expectRefusedWithUserDiff = async (result: { content: string; isError?: boolean }) => {
    expect(result.isError).toBe(true);
    expect(result.content).toContain("changed on disk since you last read it");
    expect(result.content).toContain("-beta");
    expect(result.content).toContain("+beta (user fix)");
    expect(result.content).toContain("Read the file again");
    expect(await readFile(file, "utf8")).toBe(USER);
  };

  it("edit is refused, then works after a re-read", async () => {
    const edit = createEditTool({ fileState });
    const { ctx } = makeContext(dir);
    await expectRefusedWithUserDiff(
      await edit.execute({ path: "notes.txt", old_string: "gamma", new_string: "GAMMA" }, ctx),
    );
    fileState.recordRead(file, await readFile(file));
    const ok = await edit.execute({ path: "notes.txt", old_string: "gamma", new_string: "GAMMA" }, ctx);
    expect(ok.isError).toBeUndefined();
    expect(await readFile(file, "utf8")).toBe("alpha\nbeta (user fix)\nGAMMA\n");
  });

  it("write is refused, then works after a re-read", async () => {
    const write = createWriteTool({ fileState });
    const { ctx } = makeContext(dir);
    await expectRefusedWithUserDiff(await write.execute({ path: "notes.txt", content: "replaced\n" }, ctx));
    fileState.recordRead(file, await readFile(file));
    const ok = await write.execute({ path: "notes.txt", content: `${USER}delta\n` }, ctx);
    expect(ok.isError).toBeUndefined();
    expect(await readFile(file, "utf8")).toBe(`${USER}delta\n`);
  });

  it("apply_patch is refused (no file changed, not even other files), then works after a re-read", async () => {
    const tool = createApplyPatchTool({ fileState });
    const { ctx } = makeContext(dir);
    const patch = [
      "*** Begin Patch",
      "*** Add File: other.txt",
      "+other",
      "*** Update File: notes.txt",
      "@@",
      "-gamma",
      "+GAMMA",
      "*** End Patch",
    ].join("\n");
    await expectRefusedWithUserDiff(await tool.execute({ input: patch }, ctx));
    await expect(readFile(join(dir, "other.txt"))).rejects.toThrow(/ENOENT/);
    fileState.recordRead(file, await readFile(file));
    const ok = await tool.execute({ input: patch }, ctx);
    expect(ok.isError).toBeUndefined();
    expect(ok.content).toContain("A other.txt");
    expect(ok.content).toContain("M notes.txt");
    expect(await readFile(file, "utf8")).toBe("alpha\nbeta (user fix)\nGAMMA\n");
  });

  it("the agent's own successive edits need no re-read", async () => {
    fileState.recordRead(file, await readFile(file));
    const edit = createEditTool({ fileState });
    const { ctx } = makeContext(dir);
    expect(
      (await edit.execute({ path: "notes.txt", old_string: "alpha", new_string: "A" }, ctx)).isError,
    ).toBeUndefined();
    expect(
      (await edit.execute({ path: "notes.txt", old_string: "gamma", new_string: "G" }, ctx)).isError,
    ).toBeUndefined();
    const patched = await createApplyPatchTool({ fileState }).execute(
      { input: "*** Begin Patch\n*** Update File: notes.txt\n@@\n-G\n+g\n*** End Patch" },
      ctx,
    );
    expect(patched.isError).toBeUndefined();
    expect(await readFile(file, "utf8")).toBe("A\nbeta (user fix)\ng\n");
  });
});
