import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  backupUncommitted,
  inspectResetHard,
  restoreBackup,
  type UncommittedBackup,
} from "../../src/safety/backup/index.ts";
import { git, readTree, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("backup before git reset --hard", () => {
  let root: { dir: string; cleanup: () => void };
  let repo: string;
  beforeEach(() => {
    root = tempDir("bk-reset");
    repo = path.join(root.dir, "repo");
    writeFiles(repo, {
      "a.txt": "a1\n",
      "b.txt": "b1\n",
      "d.txt": "d1\n",
      "sub/c.txt": "c1\n",
      ".gitignore": "*.log\n",
    });
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "one");
    writeFiles(repo, { "a.txt": "a2\n" });
    git(repo, "commit", "-q", "-am", "two");
    // Uncommitted work of every kind.
    writeFiles(repo, { "a.txt": "a unstaged\n", "b.txt": "b staged\n", "new.txt": "staged new file\n" });
    git(repo, "add", "b.txt", "new.txt");
    writeFiles(repo, { "b.txt": "b staged then edited\n", "u.txt": "untracked\n", "x.log": "ignored\n" });
    rmSync(path.join(repo, "d.txt"));
  });
  afterEach(() => root.cleanup());

  const state = () => ({
    files: readTree(repo, [".git"]),
    index: git(repo, "ls-files", "-s"),
    staged: git(repo, "diff", "--cached"),
    head: git(repo, "rev-parse", "HEAD"),
    branch: git(repo, "symbolic-ref", "HEAD"),
    heads: git(repo, "for-each-ref", "refs/heads", "refs/tags"),
    stash: git(repo, "stash", "list"),
  });

  it("inspect lists exactly what reset --hard would lose", async () => {
    const report = await inspectResetHard(path.join(repo, "sub"));
    expect(report.files).toEqual([
      { path: "a.txt", staged: null, unstaged: "M" },
      { path: "b.txt", staged: "M", unstaged: "M" },
      { path: "d.txt", staged: null, unstaged: "D" },
      { path: "new.txt", staged: "A", unstaged: null },
    ]);
    expect(report.counts).toEqual({ modified: 2, added: 1, deleted: 1 });
    expect(report.wouldLoseWork).toBe(true);
  });

  it("backup + real `git reset --hard` + restore loses nothing, and the backup touches no user ref, index or stash", async () => {
    const before = state();
    const indexBytes = readFileSync(path.join(repo, ".git/index"));
    const record = await backupUncommitted(repo);
    expect(record.empty).toBe(false);
    expect(record.untracked).toEqual(["u.txt"]);
    expect(readFileSync(path.join(repo, ".git/index")).equals(indexBytes)).toBe(true);
    expect(state()).toEqual(before);
    expect(git(repo, "for-each-ref", "--format=%(refname)", "refs/tandem")).toMatch(
      /^refs\/tandem\/backups\/uncommitted\/\d{8}T\d{6}Z-[0-9a-f]{4}$/,
    );

    git(repo, "reset", "-q", "--hard");
    expect(readTree(repo, [".git"])["new.txt"]).toBeUndefined();

    const report = await restoreBackup(JSON.parse(JSON.stringify(record)) as UncommittedBackup);
    expect(state()).toEqual(before);
    expect(report.restored.sort()).toEqual(["a.txt", "b.txt", "d.txt", "new.txt"]);
  });

  it("restores HEAD too when the reset moved it (git reset --hard HEAD~1)", async () => {
    const before = state();
    const record = await backupUncommitted(repo);
    git(repo, "reset", "-q", "--hard", "HEAD~1");
    writeFileSync(path.join(repo, "later.txt"), "created after the reset\n");
    const report = await restoreBackup(record);
    expect(report.notes.join(" ")).toMatch(/HEAD moved back/);
    const after = state();
    expect(after.files["later.txt"]).toBe("created after the reset\n");
    delete after.files["later.txt"];
    expect(after).toEqual(before);
  });

  it("works on an unborn branch (no commit yet): staged files come back", async () => {
    const fresh = path.join(root.dir, "fresh");
    writeFiles(fresh, { "a.txt": "staged only\n", "u.txt": "untracked\n" });
    git(fresh, "init", "-q");
    git(fresh, "add", "a.txt");
    const report = await inspectResetHard(fresh);
    expect(report).toMatchObject({ head: null, counts: { modified: 0, added: 1, deleted: 0 } });
    const record = await backupUncommitted(fresh);
    git(fresh, "reset", "-q", "--hard");
    expect(readTree(fresh, [".git"])).toEqual({ "u.txt": "untracked\n" });
    await restoreBackup(record);
    expect(readTree(fresh, [".git"])).toEqual({ "a.txt": "staged only\n", "u.txt": "untracked\n" });
    expect(git(fresh, "ls-files", "--stage")).toMatch(/\ta\.txt$/);
  });

  it("restore never overwrites files changed after the reset: untracked edits kept, a clash stops before any change", async () => {
    const record = await backupUncommitted(repo);
    git(repo, "reset", "-q", "--hard");
    writeFileSync(path.join(repo, "u.txt"), "untracked, edited after the reset\n");
    writeFileSync(path.join(repo, "new.txt"), "recreated by the user\n");
    const clash = readTree(repo, [".git"]);
    await expect(restoreBackup(record)).rejects.toThrow(/before changing anything.*new\.txt/s);
    expect(readTree(repo, [".git"])).toEqual(clash);

    rmSync(path.join(repo, "new.txt"));
    await restoreBackup(record);
    const files = readTree(repo, [".git"]);
    expect(files["u.txt"]).toBe("untracked, edited after the reset\n");
    expect(files["new.txt"]).toBe("staged new file\n");
    expect(files["a.txt"]).toBe("a unstaged\n");
  });

  it("a clean work tree gives an empty record and no ref", async () => {
    git(repo, "stash", "push", "-q", "--include-untracked");
    expect((await inspectResetHard(repo)).wouldLoseWork).toBe(false);
    const record = await backupUncommitted(repo);
    expect(record).toMatchObject({ empty: true, ref: null });
    expect(git(repo, "for-each-ref", "refs/tandem")).toBe("");
  });
});
