/**
 * The `@` file index on real folders: in a git repository with .gitignore files (the root one and a nested
 * one) and .git/info/exclude, no ignored file is ever listed, by any lister; untracked files and the folders
 * above files are; a folder without git is listed too; the cap, the staleness rebuild and dispose.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFileIndex, type FileLister, listFiles } from "../../src/tui/file-index.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "tandem-file-index-"));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t.invalid", ...args], { cwd, stdio: "pipe" });

const project = {
  ".gitignore": "build/\n*.log\n!keep.log\n",
  "src/app.ts": "",
  "src/deep/util.ts": "",
  "src/.gitignore": "generated.ts\n",
  "src/deep/generated.ts": "",
  "build/out.js": "",
  "debug.log": "",
  "keep.log": "",
  "secret.txt": "",
  ".env.example": "",
};

async function indexed(cwd: string, listers: FileLister[]) {
  const index = createFileIndex({ cwd: () => cwd, listers });
  index.request();
  await index.settled();
  return index.snapshot;
}

describe.each(["rg", "git", "walk"] as FileLister[])("%s in a git repository", (lister) => {
  it("lists files and their folders, never ignored ones", async () => {
    const root = tree(project);
    git(root, "init", "-q");
    git(root, "add", "src/app.ts");
    git(root, "commit", "-qm", "first");
    writeFileSync(join(root, ".git/info/exclude"), "secret.txt\n");
    const snap = await indexed(root, [lister]);
    expect(snap?.lister).toBe(lister);
    const entries = [...(snap?.entries ?? [])].sort();
    const expected = [
      ".env.example",
      ".gitignore",
      "keep.log",
      "src/",
      "src/.gitignore",
      "src/app.ts",
      "src/deep/",
      "src/deep/util.ts",
    ];
    // The walk reads .gitignore files only (it runs where there is no git).
    if (lister === "walk") expected.push("secret.txt");
    expect(entries).toEqual(expected.sort());
    expect(entries.some((e) => e.startsWith(".git/"))).toBe(false);
  });
});

describe("without git", () => {
  it("lists the folder with rg and with the walk, honouring .gitignore; git ls-files refuses", async () => {
    const root = tree(project);
    for (const lister of ["rg", "walk"] as FileLister[]) {
      const entries = [...((await indexed(root, [lister]))?.entries ?? [])].sort();
      expect(entries, lister).toContain("src/deep/util.ts");
      expect(entries, lister).toContain("secret.txt");
      expect(entries, lister).not.toContain("debug.log");
      expect(entries, lister).not.toContain("build/out.js");
      expect(entries, lister).not.toContain("src/deep/generated.ts");
    }
    await expect(listFiles("git", root, 100)).rejects.toThrow();
    // The default order falls through git to the walk when rg is not wanted.
    expect((await indexed(root, ["git", "walk"]))?.lister).toBe("walk");
  });
});

it("stops at maxPaths and says it was cut short", async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 50; i++) files[`f${i}.txt`] = "";
  const root = tree(files);
  for (const lister of ["rg", "walk"] as FileLister[]) {
    const listed = await listFiles(lister, root, 10);
    expect(listed.files, lister).toHaveLength(10);
    expect(listed.truncated, lister).toBe(true);
  }
  expect((await listFiles("rg", root, 100)).truncated).toBe(false);
});

it("builds once, then again only when stale", async () => {
  const root = tree({ "a.txt": "" });
  let clock = 1_000;
  let changes = 0;
  const index = createFileIndex({
    cwd: () => root,
    staleMs: 30_000,
    now: () => clock,
    onChange: () => changes++,
  });
  expect(index.snapshot).toBeUndefined();
  index.request();
  await index.settled();
  expect(index.snapshot?.entries).toEqual(["a.txt"]);
  writeFileSync(join(root, "b.txt"), "");
  clock += 10_000;
  index.request();
  await index.settled();
  expect(index.snapshot?.entries).toEqual(["a.txt"]);
  clock += 25_000;
  index.request();
  await index.settled();
  expect([...(index.snapshot?.entries ?? [])].sort()).toEqual(["a.txt", "b.txt"]);
  expect(changes).toBe(2);
});

it("dispose stops a running listing and later requests", async () => {
  const root = tree({ "a.txt": "", "b/c.txt": "" });
  for (const lister of ["rg", "walk"] as FileLister[]) {
    let changes = 0;
    const index = createFileIndex({ cwd: () => root, listers: [lister], onChange: () => changes++ });
    index.request();
    index.dispose();
    await index.settled();
    index.request();
    await index.settled();
    expect(index.snapshot, lister).toBeUndefined();
    expect(changes, lister).toBe(0);
  }
});
