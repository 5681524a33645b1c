import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileState, type FileState } from "../../src/tools/file-state.ts";
import { createWriteTool } from "../../src/tools/write.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

describe("write", () => {
  let dir: string;
  let fileState: FileState;
  beforeEach(async () => {
    dir = await makeTempDir();
    fileState = createFileState();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it("creates a new file and its parent folders without a read, and reports lines and bytes", async () => {
    const write = createWriteTool({ fileState });
    const result = await write.execute({ path: "a/b/new.txt", content: "x\ny\n" }, makeContext(dir).ctx);
    expect(result.isError).toBeUndefined();
    expect(result.content).toBe("Created a/b/new.txt (2 lines, 4 bytes).");
    expect(result.details?.created).toBe(true);
    expect(result.details?.diff).toContain("+y");
    expect(await readFile(join(dir, "a/b/new.txt"), "utf8")).toBe("x\ny\n");
  });

  it("refuses to replace an existing file the agent has not read, and leaves it alone", async () => {
    await writeFile(join(dir, "keep.txt"), "precious\n");
    const write = createWriteTool({ fileState });
    const result = await write.execute({ path: "keep.txt", content: "clobber\n" }, makeContext(dir).ctx);
    expect(result.isError).toBe(true);
    expect(result.content).toContain("you have not read it");
    expect(result.content).toContain("Read it first");
    expect(await readFile(join(dir, "keep.txt"), "utf8")).toBe("precious\n");
  });

  it("replaces a read file, keeps its mode, and leaves no temp file behind", async () => {
    const path = join(dir, "run.sh");
    await writeFile(path, "echo old\n");
    await chmod(path, 0o751);
    fileState.recordRead(path, await readFile(path));
    const result = await createWriteTool({ fileState }).execute(
      { path: "run.sh", content: "echo new\n" },
      makeContext(dir).ctx,
    );
    expect(result.content).toBe("Overwrote run.sh (1 lines, 9 bytes).");
    expect(result.details?.diff).toContain("-echo old");
    expect((await stat(path)).mode & 0o777).toBe(0o751);
    expect(await readdir(dir)).toEqual(["run.sh"]);
  });

  it("reports a failed write and creates nothing (a parent path is a file)", async () => {
    await writeFile(join(dir, "blocker"), "file\n");
    const result = await createWriteTool({ fileState }).execute(
      { path: "blocker/inside.txt", content: "x" },
      makeContext(dir).ctx,
    );
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/Could not write blocker\/inside.txt: .*Nothing was created/);
    expect(await readdir(dir)).toEqual(["blocker"]);
  });

  it("refuses to write over a directory", async () => {
    await mkdir(join(dir, "folder"));
    const result = await createWriteTool({ fileState }).execute(
      { path: "folder", content: "x" },
      makeContext(dir).ctx,
    );
    expect(result.isError).toBe(true);
    expect(result.content).toContain("is a directory");
  });
});
