import { chmodSync, existsSync, statSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { bash, readTree, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("checkpoint restore", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  beforeEach(() => {
    root = tempDir("cp-restore");
    ws = path.join(root.dir, "ws");
    writeFiles(ws, {
      "src/a.ts": "a\n",
      "src/deep/b.ts": "b\n",
      "script.sh": "#!/bin/sh\necho hi\n",
      "README.md": "readme\n",
    });
    chmodSync(path.join(ws, "script.sh"), 0o755);
    symlinkSync("src/a.ts", path.join(ws, "link"));
  });
  afterEach(() => root.cleanup());

  const store = () => createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });

  it("undoes what a real shell command did: deleted tree back, created files removed", async () => {
    const s = store();
    const before = readTree(ws);
    const cp = await s.create("before command");
    bash(
      ws,
      "rm -rf src && echo x > new.txt && mkdir -p gen/out && echo y > gen/out/z && echo edited > README.md",
    );
    expect(existsSync(path.join(ws, "src"))).toBe(false);

    const result = await s.restore(cp.seq);
    expect(readTree(ws)).toEqual(before);
    expect(existsSync(path.join(ws, "gen"))).toBe(false);
    expect(statSync(path.join(ws, "script.sh")).mode & 0o777).toBe(0o755);
    expect(result.restored.id).toBe(cp.id);
    expect(result.files.map((f) => `${f.status} ${f.path}`).sort()).toEqual([
      "A src/a.ts",
      "A src/deep/b.ts",
      "D gen/out/z",
      "D new.txt",
      "M README.md",
    ]);
  });

  it("is itself undoable: the undo point brings back the state before the restore", async () => {
    const s = store();
    await s.create("clean");
    bash(ws, "echo v2 > README.md && rm src/a.ts && echo n > added.txt");
    const after = readTree(ws);
    const result = await s.restore(1);
    expect(result.undoPoint.kind).toBe("restore");
    expect(readTree(ws)).not.toEqual(after);

    await s.restore(result.undoPoint.seq);
    expect(readTree(ws)).toEqual(after);
  });

  it("restores across file/directory swaps", async () => {
    const s = store();
    const before = readTree(ws);
    const cp = await s.create("one");
    bash(
      ws,
      "rm README.md && mkdir README.md && echo inside > README.md/x && rm -rf src/deep && echo file > src/deep",
    );
    await s.create("swapped");
    await s.restore(cp.seq);
    expect(readTree(ws)).toEqual(before);
  });

  it("restoring to the current state changes nothing", async () => {
    const s = store();
    const cp = await s.create("one");
    const before = readTree(ws);
    const result = await s.restore(cp.seq);
    expect(result.files).toEqual([]);
    expect(result.undoPoint.id).toBe(cp.id);
    expect(readTree(ws)).toEqual(before);
  });
});

describe("checkpoint undo", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  beforeEach(() => {
    root = tempDir("cp-undo");
    ws = path.join(root.dir, "ws");
    writeFiles(ws, { "file.txt": "v0\n" });
  });
  afterEach(() => root.cleanup());

  it("steps back one changing step at a time, skipping steps that changed nothing", async () => {
    const s = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    expect(await s.undo()).toBeNull();

    await s.create("before step 1");
    const v0 = readTree(ws);
    bash(ws, "echo v1 > file.txt");
    const v1 = readTree(ws);
    await s.create("before step 2");
    bash(ws, "echo v2 > file.txt && echo extra > extra.txt");
    await s.create("before step 3"); // step 3 changes nothing

    const first = await s.undo();
    expect(first?.restored.label).toBe("before step 2");
    expect(readTree(ws)).toEqual(v1);

    const second = await s.undo();
    expect(second?.restored.label).toBe("before step 1");
    expect(readTree(ws)).toEqual(v0);

    expect(await s.undo()).toBeNull();
    expect(readTree(ws)).toEqual(v0);
  });
});
