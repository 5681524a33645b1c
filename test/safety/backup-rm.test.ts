import { existsSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  backupPaths,
  inspectRm,
  restoreBackup,
  restorePaths,
  type TrashBackup,
  trashPaths,
} from "../../src/safety/backup/index.ts";
import { bash, readTree, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("trash before rm -rf", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  let outside: string;
  beforeEach(() => {
    root = tempDir("bk-rm");
    ws = path.join(root.dir, "ws");
    outside = path.join(root.dir, "outside");
    writeFiles(ws, { "src/a.ts": "aaaa", "src/deep/b.ts": "bb", "keep.txt": "keep" });
    writeFiles(outside, { "x.txt": "12345" });
    symlinkSync(outside, path.join(ws, "src/link-to-outside"));
  });
  afterEach(() => root.cleanup());

  it("inspect counts files and bytes inside the workspace and reports outside and missing paths apart", async () => {
    const report = await inspectRm(path.join(ws, "src"), [".", "../../outside", "nope"], ws);
    expect(report.inside).toEqual([
      {
        path: ".",
        absolute: path.join(ws, "src"),
        type: "dir",
        files: 3, // a.ts, deep/b.ts, and the symlink itself (rm does not follow it)
        bytes: 4 + 2 + Buffer.byteLength(outside),
      },
    ]);
    expect(report.outside.map((p) => [p.absolute, p.files, p.bytes])).toEqual([[outside, 1, 5]]);
    expect(report.missing).toEqual(["nope"]);
    expect(report.totals).toEqual({ files: 4, bytes: 4 + 2 + Buffer.byteLength(outside) + 5 });
    // `rm -rf .` at the workspace root is inside (and everything).
    const whole = await inspectRm(ws, ["."]);
    expect(whole.inside.map((p) => [p.absolute, p.files])).toEqual([[ws, 4]]);
    expect(whole.outside).toEqual([]);
  });

  it("trashPaths moves the paths away, so a real `rm -rf src` finds nothing; restore brings them back", async () => {
    const before = readTree(ws);
    const record = await trashPaths(ws, ["src", "src/a.ts", "missing"], path.join(root.dir, "trash"));
    expect(record.entries.map((e) => e.original)).toEqual([path.join(ws, "src")]);
    expect(existsSync(path.join(ws, "src"))).toBe(false);
    bash(ws, "rm -rf src");
    expect(readTree(outside)).toEqual({ "x.txt": "12345" });

    const report = await restoreBackup(JSON.parse(JSON.stringify(record)) as TrashBackup);
    expect(report).toEqual({ restored: [path.join(ws, "src")], conflicts: [], notes: [] });
    expect(readTree(ws)).toEqual(before);
  });

  it("backupPaths + a real `rm -rf src` + restore loses nothing", async () => {
    const before = readTree(ws);
    const record = await backupPaths(ws, ["src"], path.join(root.dir, "trash"));
    bash(ws, "rm -rf src");
    await restorePaths(record);
    expect(readTree(ws)).toEqual(before);
  });

  it("restore merges into a path that exists again and reports what was in the way", async () => {
    const record = await trashPaths(ws, ["src"], path.join(root.dir, "trash"));
    writeFiles(ws, { "src/a.ts": "new content" });
    const report = await restorePaths(record);
    expect(report.conflicts).toEqual([path.join(ws, "src/a.ts")]);
    expect(readTree(ws)["src/a.ts"]).toBe("new content");
    expect(readTree(ws)["src/deep/b.ts"]).toBe("bb");
    expect(existsSync(record.dir)).toBe(true);
    writeFileSync(path.join(ws, "unrelated"), "");
  });
});
