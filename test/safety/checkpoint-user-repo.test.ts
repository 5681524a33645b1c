import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { bash, git, hashDir, readTree, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("checkpoints never touch the user's repository", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  beforeEach(() => {
    root = tempDir("cp-user");
    ws = path.join(root.dir, "ws");
    writeFiles(ws, { "a.txt": "a1\n", "b.txt": "b1\n" });
    git(ws, "init", "-q");
    git(ws, "config", "user.name", "Owner");
    git(ws, "add", ".");
    git(ws, "commit", "-q", "-m", "first");
    git(ws, "tag", "v1");
    writeFileSync(path.join(ws, "a.txt"), "stashed\n");
    git(ws, "stash", "push", "-q", "-m", "user stash");
    writeFileSync(path.join(ws, "a.txt"), "staged\n");
    git(ws, "add", "a.txt");
    writeFileSync(path.join(ws, "b.txt"), "unstaged\n");
    writeFileSync(path.join(ws, "c.txt"), "untracked\n");
  });
  afterEach(() => root.cleanup());

  it("leaves .git byte-identical through create, diff, restore, undo and snapshotPaths", async () => {
    const gitDir = path.join(ws, ".git");
    const state = () => ({
      status: git(ws, "--no-optional-locks", "status", "--porcelain=v2", "--branch"),
      refs: git(ws, "for-each-ref", "--format=%(refname) %(objectname)"),
      stash: git(ws, "stash", "list"),
      head: git(ws, "rev-parse", "HEAD", "--symbolic-full-name", "HEAD"),
      config: git(ws, "config", "--local", "--list"),
      staged: git(ws, "diff", "--cached"),
    });
    const before = state();
    const bytes = hashDir(gitDir);

    const s = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    const cp = await s.create("one");
    bash(ws, "echo changed > b.txt && rm c.txt");
    await s.create("two");
    await s.diff(cp.seq);
    await s.restore(cp.seq);
    await s.snapshotPaths(["a.txt"], "paths");
    await s.undo();
    await s.restore(cp.seq);

    expect(hashDir(gitDir)).toBe(bytes);
    expect(state()).toEqual(before);
    expect(readTree(ws, [".git"])).toEqual({
      "a.txt": "staged\n",
      "b.txt": "unstaged\n",
      "c.txt": "untracked\n",
    });
  });

  it("ignores the user's global git config (excludes, autocrlf, hooks) when recording and restoring", async () => {
    const globalConfig = path.join(root.dir, "global-gitconfig");
    writeFiles(root.dir, {
      "global-gitconfig": `[core]\n\texcludesFile = ${path.join(root.dir, "global-ignore")}\n\tautocrlf = true\n`,
      "global-ignore": "*.txt\n",
    });
    writeFiles(ws, { "crlf.txt": "line one\r\nline two\r\n" });
    const saved = process.env.GIT_CONFIG_GLOBAL;
    process.env.GIT_CONFIG_GLOBAL = globalConfig;
    try {
      const s = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
      const before = readTree(ws, [".git"]);
      const cp = await s.create("one");
      expect((await s.diff(cp.seq, { against: "parent" })).files.map((f) => f.path)).toContain("crlf.txt");
      bash(ws, "rm *.txt");
      await s.restore(cp.seq);
      expect(readTree(ws, [".git"])).toEqual(before);
    } finally {
      if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = saved;
    }
  });

  it("does not snapshot the user's .git directory", async () => {
    const s = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    await s.create("one");
    const { files } = await s.diff(1, { against: "parent" });
    expect(files.map((f) => f.path).sort()).toEqual(["a.txt", "b.txt", "c.txt"]);
  });
});
