import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileState } from "../../src/tools/file-state.ts";
import { makeTempDir, removeDir } from "./tool-support.ts";

describe("createFileState", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it("reports not_read for a file never read or written", async () => {
    const state = createFileState();
    await writeFile(join(dir, "a.txt"), "a\n");
    expect(await state.check(join(dir, "a.txt"))).toEqual({ ok: false, reason: "not_read" });
    expect(state.has(join(dir, "a.txt"))).toBe(false);
  });

  it("is ok while the file is as read, and normalizes paths", async () => {
    const state = createFileState();
    await writeFile(join(dir, "a.txt"), "a\n");
    state.recordRead(join(dir, "sub", "..", "a.txt"), "a\n");
    expect(await state.check(join(dir, "a.txt"))).toEqual({ ok: true });
  });

  it("reports changed_on_disk with a diff from what the agent saw to what is there now", async () => {
    const state = createFileState({ cwd: dir });
    await writeFile(join(dir, "a.txt"), "one\ntwo\n");
    state.recordRead(join(dir, "a.txt"), Buffer.from("one\ntwo\n"));
    await writeFile(join(dir, "a.txt"), "one\nTWO by user\n");
    const check = await state.check(join(dir, "a.txt"));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.reason).toBe("changed_on_disk");
    expect(check.diff).toContain("--- a/a.txt");
    expect(check.diff).toContain("-two");
    expect(check.diff).toContain("+TWO by user");
  });

  it("reports deleted when the file is gone", async () => {
    const state = createFileState();
    await writeFile(join(dir, "a.txt"), "a\n");
    state.recordRead(join(dir, "a.txt"), "a\n");
    await rm(join(dir, "a.txt"));
    expect(await state.check(join(dir, "a.txt"))).toEqual({ ok: false, reason: "deleted" });
  });

  it("recordWrite makes the written content the reference; recordDelete forgets the file", async () => {
    const state = createFileState();
    await writeFile(join(dir, "a.txt"), "new\n");
    state.recordWrite(join(dir, "a.txt"), "new\n");
    expect(await state.check(join(dir, "a.txt"))).toEqual({ ok: true });
    state.recordDelete(join(dir, "a.txt"));
    expect(await state.check(join(dir, "a.txt"))).toEqual({ ok: false, reason: "not_read" });
  });
});
