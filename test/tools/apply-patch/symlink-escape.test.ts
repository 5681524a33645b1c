import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyPatchText } from "../../../src/tools/apply-patch/apply.ts";
import { makeTempDir, removeDir } from "../tool-support.ts";

describe("apply_patch and symlinks", () => {
  let parent: string;
  let ws: string;
  beforeEach(async () => {
    parent = await makeTempDir();
    ws = join(parent, "ws");
    await mkdir(ws);
    await writeFile(join(parent, "outside.txt"), "secret\n");
    await mkdir(join(parent, "outdir"));
    await symlink(join(parent, "outside.txt"), join(ws, "link.txt"));
    await symlink(join(parent, "outdir"), join(ws, "linkdir"));
  });
  afterEach(async () => {
    await removeDir(parent);
  });

  it("refuses to update a file through a symlink that leaves the workspace", async () => {
    const result = await applyPatchText(
      "*** Begin Patch\n*** Update File: link.txt\n@@\n-secret\n+pwned\n*** End Patch",
      {
        cwd: ws,
      },
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toContain("'link.txt' leads outside the workspace through a symlink");
    expect(await readFile(join(parent, "outside.txt"), "utf8")).toBe("secret\n");
  });

  it("refuses to add a file under a symlinked folder that leaves the workspace", async () => {
    const result = await applyPatchText(
      "*** Begin Patch\n*** Add File: linkdir/new/x.txt\n+x\n*** End Patch",
      {
        cwd: ws,
      },
    );
    expect(result.ok).toBe(false);
    expect(await readdir(join(parent, "outdir"))).toEqual([]);
  });

  it("follows a symlink that stays inside the workspace and keeps the link", async () => {
    await writeFile(join(ws, "real.txt"), "a\n");
    await symlink("real.txt", join(ws, "inner-link.txt"));
    const result = await applyPatchText(
      "*** Begin Patch\n*** Update File: inner-link.txt\n@@\n-a\n+b\n*** End Patch",
      {
        cwd: ws,
      },
    );
    expect(result.ok).toBe(true);
    expect(await readFile(join(ws, "real.txt"), "utf8")).toBe("b\n");
  });
});
