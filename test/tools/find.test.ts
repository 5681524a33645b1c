import { utimes } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFindTool } from "../../src/tools/find.ts";
import { writeSearchTree } from "./search-tree.ts";
import { makeContext, makeTempDir, removeDir, writeTree } from "./tool-support.ts";

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
  await writeSearchTree(dir);
  await writeTree(
    dir,
    Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [`many/f${String(i).padStart(2, "0")}.txt`, "x"]),
    ),
  );
  // Deterministic modification times: older files first by name; src/util.ts is the newest .ts file.
  const base = Date.now() / 1000 - 10_000;
  const ts = ["src/app.ts", "src/deep/more.ts", "pkg/gen/code.ts", "pkg/index.ts", "src/util.ts"];
  for (const [i, rel] of ts.entries()) await utimes(join(dir, rel), base + i * 100, base + i * 100);
  for (let i = 0; i < 25; i++) {
    const t = base + 1_000 + i;
    await utimes(join(dir, `many/f${String(i).padStart(2, "0")}.txt`), t, t);
  }
});
afterAll(async () => {
  await removeDir(dir);
});

describe.each(["ripgrep", "builtin"] as const)("find tool (%s backend)", (backend) => {
  const find = createFindTool({ backend });

  it("finds files by glob, newest first, honouring nested .gitignore files", async () => {
    const r = await find.execute({ pattern: "**/*.ts" }, makeContext(dir).ctx);
    expect(r.details?.backend).toBe(backend);
    expect(r.content).toBe(["src/util.ts", "pkg/index.ts", "src/deep/more.ts", "src/app.ts"].join("\n"));
  });

  it("matches a name-only glob at any depth, includes hidden folders, skips .git", async () => {
    const yml = await find.execute({ pattern: "*.yml" }, makeContext(dir).ctx);
    expect(yml.content).toBe(".github/ci.yml");
    const log = await find.execute({ pattern: "*.log" }, makeContext(dir).ctx);
    expect(log.content).toBe("pkg/keep.log");
    const git = await find.execute({ pattern: "config" }, makeContext(dir).ctx);
    expect(git.content).toBe(`No files match config in ..`);
  });

  it("searches below a given folder, paths stay relative to the workspace", async () => {
    const r = await find.execute({ pattern: "*.ts", path: "src/deep" }, makeContext(dir).ctx);
    expect(r.content).toBe("src/deep/more.ts");
    const braces = await find.execute({ pattern: "src/*.{md,ts}" }, makeContext(dir).ctx);
    expect(braces.content.split("\n").sort()).toEqual(["src/app.ts", "src/notes.md", "src/util.ts"]);
  });

  it("caps results and states how many were left out", async () => {
    const r = await find.execute({ pattern: "many/*.txt", max_results: 10 }, makeContext(dir).ctx);
    const lines = r.content.split("\n");
    expect(lines.slice(0, 3)).toEqual(["many/f24.txt", "many/f23.txt", "many/f22.txt"]);
    expect(lines.slice(0, 10)).toHaveLength(10);
    expect(
      r.content.endsWith("[showing 10 of 25 files; narrow the pattern or path, or raise max_results]"),
    ).toBe(true);
    expect(r.details).toMatchObject({ shown: 10, total: 25 });
  });

  it("applies .gitignore files above the searched folder, even above the workspace", async () => {
    const r = await find.execute({ pattern: "*.log", path: "src" }, makeContext(dir).ctx);
    expect(r.content).toBe("No files match *.log in src.");
    const all = await find.execute({ pattern: "*.log" }, makeContext(join(dir, "src")).ctx);
    expect(all.content).toBe("No files match *.log in ..");
  });

  it("reports a missing folder", async () => {
    const r = await find.execute({ pattern: "*", path: "missing" }, makeContext(dir).ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toContain("Folder not found: missing");
  });
});
