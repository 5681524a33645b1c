import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeDir, makeDirSync } from "../../src/util/make-dir.ts";

const roots: string[] = [];
const root = () => {
  const dir = mkdtempSync(join(tmpdir(), "tandem-make-dir-"));
  roots.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("makeDir / makeDirSync", () => {
  for (const [name, make] of [
    ["makeDir", (dir: string, mode?: number) => makeDir(dir, mode === undefined ? {} : { mode })],
    [
      "makeDirSync",
      async (dir: string, mode?: number) => makeDirSync(dir, mode === undefined ? {} : { mode }),
    ],
  ] as const) {
    it(`${name}: creates missing parents, with the mode asked for, and accepts a folder that exists`, async () => {
      const dir = join(root(), "a", "b", "c");
      await make(dir, 0o700);
      expect(statSync(dir).isDirectory()).toBe(true);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      await make(dir);
      expect(statSync(dir).isDirectory()).toBe(true);
    });

    it(`${name}: a file in the way is ENOTDIR`, async () => {
      const base = root();
      writeFileSync(join(base, "file"), "x");
      await expect(make(join(base, "file"))).rejects.toMatchObject({ code: "ENOTDIR" });
      await expect(make(join(base, "file", "below"))).rejects.toMatchObject({ code: "ENOTDIR" });
    });

    // Node's recursive mkdir loops forever here (the kernel says ENOENT though /proc exists).
    it(`${name}: a folder the kernel will not create (under /proc) is an error, at once`, async () => {
      const started = Date.now();
      await expect(make("/proc/nonexistent/deeper")).rejects.toMatchObject({ code: "ENOENT" });
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  }
});
