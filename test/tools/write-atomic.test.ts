import { chown, lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atomicWrite } from "../../src/tools/atomic-write.ts";
import { makeTempDir, removeDir } from "./tool-support.ts";

describe("atomicWrite", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it("replaces a file and leaves no temp file", async () => {
    await writeFile(join(dir, "f.txt"), "old");
    await atomicWrite(join(dir, "f.txt"), "new");
    expect(await readFile(join(dir, "f.txt"), "utf8")).toBe("new");
    expect(await readdir(dir)).toEqual(["f.txt"]);
  });

  it("when the rename fails (target is a non-empty directory) throws, keeps the target, removes the temp", async () => {
    await mkdir(join(dir, "target"));
    await writeFile(join(dir, "target", "inner.txt"), "inner");
    await expect(atomicWrite(join(dir, "target"), "data")).rejects.toThrow();
    expect((await stat(join(dir, "target"))).isDirectory()).toBe(true);
    expect(await readFile(join(dir, "target", "inner.txt"), "utf8")).toBe("inner");
    expect(await readdir(dir)).toEqual(["target"]);
  });

  it("creates parent folders and gives new files mode 0644 regardless of the umask", async () => {
    await atomicWrite(join(dir, "a", "b", "c.txt"), Buffer.from([0xff, 0x00, 0x41]));
    expect(await readFile(join(dir, "a", "b", "c.txt"))).toEqual(Buffer.from([0xff, 0x00, 0x41]));
    expect((await stat(join(dir, "a", "b", "c.txt"))).mode & 0o777).toBe(0o644);
  });

  it("replaces the file a symlink points to and keeps the link", async () => {
    await writeFile(join(dir, "real.txt"), "old");
    await symlink("real.txt", join(dir, "link.txt"));
    await atomicWrite(join(dir, "link.txt"), "new");
    expect((await lstat(join(dir, "link.txt"))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir, "link.txt"))).toBe("real.txt");
    expect(await readFile(join(dir, "real.txt"), "utf8")).toBe("new");
    expect((await readdir(dir)).sort()).toEqual(["link.txt", "real.txt"]);
  });

  it.runIf(process.getuid?.() === 0)(
    "keeps the owner of an existing file (when running as root)",
    async () => {
      await writeFile(join(dir, "owned.txt"), "old");
      await chown(join(dir, "owned.txt"), 1234, 2345);
      await atomicWrite(join(dir, "owned.txt"), "new");
      const info = await stat(join(dir, "owned.txt"));
      expect([info.uid, info.gid]).toEqual([1234, 2345]);
    },
  );
});
