import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { bash, git, readTree, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("checkpoints and ignored files", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  beforeEach(() => {
    root = tempDir("cp-ignored");
    ws = path.join(root.dir, "ws");
    writeFiles(ws, {
      ".gitignore": "node_modules/\n*.log\n",
      "src/.gitignore": "generated/\n",
      "src/main.ts": "main\n",
      "src/generated/out.js": "generated\n",
      "node_modules/dep/index.js": "dep\n",
      "debug.log": "log\n",
      "untracked.txt": "untracked but not ignored\n",
    });
    git(ws, "init", "-q");
    git(ws, "add", ".gitignore", "src/main.ts");
    git(ws, "commit", "-q", "-m", "init");
  });
  afterEach(() => root.cleanup());

  const store = () => createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });

  it("skips ignored files (every .gitignore) and includes untracked ones", async () => {
    const s = store();
    await s.create("one");
    const { files } = await s.diff(1, { against: "parent" });
    expect(files.map((f) => f.path).sort()).toEqual([
      ".gitignore",
      "src/.gitignore",
      "src/main.ts",
      "untracked.txt",
    ]);
  });

  it("restore leaves ignored files alone", async () => {
    const s = store();
    await s.create("one");
    writeFileSync(path.join(ws, "node_modules/dep/index.js"), "changed dep\n");
    writeFileSync(path.join(ws, "new.log"), "new log\n");
    writeFileSync(path.join(ws, "src/main.ts"), "changed\n");
    await s.restore(1);
    expect(readTree(ws, [".git"])["src/main.ts"]).toBe("main\n");
    expect(readTree(ws, [".git"])["node_modules/dep/index.js"]).toBe("changed dep\n");
    expect(existsSync(path.join(ws, "new.log"))).toBe(true);
  });

  it("snapshotPaths makes a real `git clean -fdx` undoable, and later checkpoints stay without the ignored files", async () => {
    const s = store();
    await s.create("before step");
    const before = readTree(ws, [".git"]);
    const cp = await s.snapshotPaths(
      ["node_modules", "debug.log", path.join(ws, "src/generated"), "missing"],
      "clean",
    );
    expect(cp.kind).toBe("paths");
    expect(cp.paths).toEqual(["node_modules", "debug.log", "src/generated"]);

    bash(ws, "git clean -fdxq");
    expect(existsSync(path.join(ws, "node_modules"))).toBe(false);
    expect(existsSync(path.join(ws, "untracked.txt"))).toBe(false);

    await s.restore(cp.seq);
    expect(readTree(ws, [".git"])).toEqual(before);

    // The restored ignored files are untracked again: a later checkpoint does not carry them.
    writeFileSync(path.join(ws, "src/main.ts"), "later\n");
    const later = await s.create("later");
    // From the paths checkpoint to the later one: the ignored files are gone from the record, not from disk.
    const diff = await s.diff(cp.seq);
    expect((await s.list())[0]?.id).toBe(later.id);
    expect(diff.files.map((f) => `${f.status} ${f.path}`).sort()).toEqual([
      "D debug.log",
      "D node_modules/dep/index.js",
      "D src/generated/out.js",
      "M src/main.ts",
    ]);
    expect(existsSync(path.join(ws, "node_modules/dep/index.js"))).toBe(true);
  });

  it("keeps files the user's repository tracks even though they match .gitignore", async () => {
    writeFiles(ws, { "vendor.log": "tracked on purpose\n" });
    git(ws, "add", "-f", "vendor.log");
    git(ws, "commit", "-q", "-m", "vendored log");
    const s = store();
    const cp = await s.create("one");
    bash(ws, "rm vendor.log");
    await s.restore(cp.seq);
    expect(readTree(ws, [".git"])["vendor.log"]).toBe("tracked on purpose\n");
    expect(readTree(ws, [".git"])["debug.log"]).toBe("log\n");
  });

  it("refuses paths outside the workspace", async () => {
    await expect(store().snapshotPaths(["../elsewhere"], "x")).rejects.toThrow(/not inside the workspace/);
  });
});
