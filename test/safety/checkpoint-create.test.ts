import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { git, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("checkpoint create/list/diff", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  beforeEach(() => {
    root = tempDir("cp-create");
    ws = path.join(root.dir, "ws");
    writeFiles(ws, { "src/a.ts": "export const a = 1;\n", "README.md": "hello\n" });
  });
  afterEach(() => root.cleanup());

  const store = () => createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });

  it("records the workspace, skips a commit when nothing changed, and lists newest first", async () => {
    const s = store();
    const first = await s.create("before step 1", { turn: 1 });
    expect(first).toMatchObject({
      seq: 1,
      label: "before step 1",
      kind: "step",
      filesChanged: 2,
      meta: { turn: 1 },
    });
    const same = await s.create("before step 2");
    expect(same.id).toBe(first.id);

    writeFileSync(path.join(ws, "src/a.ts"), "export const a = 2;\n");
    writeFileSync(path.join(ws, "new.txt"), "new\n");
    const second = await s.create("before step 3");
    expect(second).toMatchObject({ seq: 2, filesChanged: 2 });

    const list = await s.list();
    expect(list.map((c) => [c.seq, c.label])).toEqual([
      [2, "before step 3"],
      [1, "before step 1"],
    ]);
    expect((await s.list({ limit: 1 })).map((c) => c.seq)).toEqual([2]);
    // A fresh store object over the same directory sees the same history (state lives in the shadow repo).
    expect((await store().list()).map((c) => c.id)).toEqual(list.map((c) => c.id));
    expect((await store().create("again")).id).toBe(second.id);
  });

  it("diffs a checkpoint against the workspace and against its parent", async () => {
    const s = store();
    await s.create("one");
    writeFileSync(path.join(ws, "src/a.ts"), "export const a = 2;\n");
    const two = await s.create("two");
    writeFileSync(path.join(ws, "README.md"), "changed\n");

    const toWorkspace = await s.diff(2);
    expect(toWorkspace.from?.id).toBe(two.id);
    expect(toWorkspace.to).toBeNull();
    expect(toWorkspace.files).toEqual([{ status: "M", path: "README.md" }]);
    expect(toWorkspace.patch).toContain("-hello\n+changed\n");

    const toParent = await s.diff(two.shortId, { against: "parent" });
    expect(toParent.from?.seq).toBe(1);
    expect(toParent.files).toEqual([{ status: "M", path: "src/a.ts" }]);
    expect(toParent.patch).toContain("-export const a = 1;\n+export const a = 2;\n");

    const root1 = await s.diff(1, { against: "parent" });
    expect(root1.from).toBeNull();
    expect(root1.files.map((f) => f.status)).toEqual(["A", "A"]);

    await expect(s.diff(99)).rejects.toThrow(/No checkpoint #99/);
  });

  it("never snapshots its own store when the store lives inside the workspace", async () => {
    const s = createCheckpointStore({ workspace: ws, storeDir: path.join(ws, ".tandem/checkpoints/x") });
    await s.create("one");
    writeFileSync(path.join(ws, "README.md"), "changed\n");
    await s.create("two");
    const { files } = await s.diff(1, { against: "parent" });
    expect(files.map((f) => f.path).sort()).toEqual(["README.md", "src/a.ts"]);
    expect((await s.diff(2, { against: "parent" })).files).toEqual([{ status: "M", path: "README.md" }]);
  });

  it("works in a workspace that is not a git repository, and in one with an empty nested repository", async () => {
    const s = store();
    git(ws, "init", "-q", "vendor/empty-repo");
    writeFiles(ws, { "vendor/empty-repo/file.txt": "inside\n" });
    const cp = await s.create("with nested repo");
    expect(cp.seq).toBe(1);
    const diff = await s.diff(1, { against: "parent" });
    expect(diff.files.map((f) => f.path).sort()).toEqual(["README.md", "src/a.ts"]);
  });
});
