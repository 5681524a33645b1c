import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exists } from "../../src/util/exists.ts";

describe("exists", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tandem-exists-"));
    await writeFile(join(dir, "file"), "x");
    await symlink(join(dir, "missing-target"), join(dir, "dangling"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("is true for a file and a folder", async () => {
    expect(await exists(join(dir, "file"))).toBe(true);
    expect(await exists(dir)).toBe(true);
  });

  it("is true for a dangling symlink: something is at the path", async () => {
    expect(await exists(join(dir, "dangling"))).toBe(true);
  });

  it("is false when nothing is there, also below a file", async () => {
    expect(await exists(join(dir, "nothing"))).toBe(false);
    expect(await exists(join(dir, "file", "below"))).toBe(false);
  });
});
