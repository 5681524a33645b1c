/**
 * Regression (issue #9, item 12): a corrupted checkpoint store (a truncated object, a garbage ref, a garbage
 * index) failed closed forever with no repair path. The index now rebuilds itself; a damaged ref or object
 * gives a clear error naming `tandem checkpoints repair`, which keeps every readable checkpoint and says what
 * was lost. Every case corrupts a real store on disk.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { classifyStoreFault } from "../../src/safety/checkpoints/faults.ts";
import { checkpointStoreDir, createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { repairCheckpointStore } from "../../src/safety/checkpoints/repair.ts";
import { tempDir, writeFiles } from "./checkpoint-support.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function storeWithThreeCheckpoints() {
  const { dir, cleanup } = tempDir("repair");
  cleanups.push(cleanup);
  const workspace = path.join(dir, "ws");
  const storeDir = checkpointStoreDir(path.join(dir, "home"), workspace);
  writeFiles(workspace, { "a.txt": "alpha\n", "b.txt": "beta\n" });
  const open = () => createCheckpointStore({ workspace, storeDir });
  const store = open();
  await store.create("one");
  writeFiles(workspace, { "a.txt": "alpha two\n" });
  await store.create("two");
  writeFiles(workspace, { "c.txt": "gamma only in three\n" });
  await store.create("three");
  return { workspace, storeDir, gitDir: path.join(storeDir, "git"), open };
}

/** The loose object file of a blob with this content (written by a later, non-bulk checkpoint). */
function looseObjectOf(gitDir: string, content: string): string {
  const body = Buffer.from(content);
  const id = createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
    .digest("hex");
  return path.join(gitDir, "objects", id.slice(0, 2), id.slice(2));
}

it("a garbage index is rebuilt on the next checkpoint, without repair", async () => {
  const { workspace, storeDir, open } = await storeWithThreeCheckpoints();
  writeFileSync(path.join(storeDir, "index"), "garbage");
  writeFiles(workspace, { "d.txt": "delta\n" });
  const next = await open().create("four");
  expect(next.seq).toBe(4);
  expect((await open().diff(4, { against: "parent" })).files).toEqual([{ status: "A", path: "d.txt" }]);
});

it("a garbage ref fails with a clear 'damaged' error, and repair brings every checkpoint back", async () => {
  const { workspace, storeDir, gitDir, open } = await storeWithThreeCheckpoints();
  writeFileSync(path.join(gitDir, "refs/tandem/checkpoints"), "garbage\n");
  const failed = await open()
    .create("four")
    .then(
      () => null,
      (error: unknown) => error,
    );
  expect(failed).toBeInstanceOf(Error);
  expect(classifyStoreFault(failed)).toBe("damaged");

  const report = await repairCheckpointStore({ workspace, storeDir });
  expect(report.kept?.seq).toBe(3);
  expect(report.lost).toEqual([]);
  expect(report.actions.join("\n")).toContain("pointed refs/tandem/checkpoints at checkpoint #3");
  const store = open();
  expect((await store.list()).map((c) => c.label)).toEqual(["three", "two", "one"]);
  writeFiles(workspace, { "d.txt": "delta\n" });
  expect((await store.create("four")).seq).toBe(4);
});

it("a truncated object: repair keeps the checkpoints that can be read, names the lost one, and records again", async () => {
  const { workspace, storeDir, gitDir, open } = await storeWithThreeCheckpoints();
  const object = looseObjectOf(gitDir, "gamma only in three\n");
  truncateSync(object, 5);
  // Before repair: diffing the damaged checkpoint fails, classified as damage.
  const failed = await open()
    .diff(3, { against: "parent" })
    .then(
      () => null,
      (error: unknown) => error,
    );
  expect(classifyStoreFault(failed)).toBe("damaged");

  const report = await repairCheckpointStore({ workspace, storeDir });
  expect(report.kept?.seq).toBe(2);
  expect(report.lost).toEqual(["#3 three"]);
  expect(report.actions.join("\n")).toMatch(/moved 1 unreadable objects/);
  expect(readdirSync(path.join(storeDir, "damaged"))).toHaveLength(1);

  const store = open();
  expect((await store.list()).map((c) => c.seq)).toEqual([2, 1]);
  // The next checkpoint writes the lost content again (git would have trusted the truncated file).
  const next = await store.create("after repair");
  expect(next.seq).toBe(3);
  writeFiles(workspace, { "c.txt": "changed\n" });
  await store.restore(next.seq);
  expect(readFileSync(path.join(workspace, "c.txt"), "utf8")).toBe("gamma only in three\n");
});

it("nothing readable: the store is moved aside whole and a new one starts", async () => {
  const { workspace, storeDir, gitDir, open } = await storeWithThreeCheckpoints();
  const packs = path.join(gitDir, "objects", "pack");
  for (const name of readdirSync(packs)) if (name.endsWith(".pack")) truncateSync(path.join(packs, name), 40);
  const report = await repairCheckpointStore({ workspace, storeDir });
  expect(report.kept).toBeNull();
  expect(report.lost.length).toBe(3);
  expect(report.actions.join("\n")).toContain("moved the store to");
  const store = open();
  expect(await store.list()).toEqual([]);
  expect((await store.create("fresh")).seq).toBe(1);
});

it("no store: nothing to repair", async () => {
  const { dir, cleanup } = tempDir("repair-none");
  cleanups.push(cleanup);
  const report = await repairCheckpointStore({ workspace: dir, storeDir: path.join(dir, "store") });
  expect(report.found).toBe(false);
});
