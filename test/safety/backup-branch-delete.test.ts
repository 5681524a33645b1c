import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  backupRefs,
  inspectBranchDelete,
  inspectTagDelete,
  type RefsBackup,
  restoreBackup,
} from "../../src/safety/backup/index.ts";
import { git, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("backup before git branch -D / git tag -d", () => {
  let root: { dir: string; cleanup: () => void };
  let repo: string;
  beforeEach(() => {
    root = tempDir("bk-branch");
    repo = path.join(root.dir, "repo");
    writeFiles(repo, { "a.txt": "a\n" });
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "base");
    git(repo, "checkout", "-q", "-b", "feature");
    for (const n of [1, 2]) {
      writeFiles(repo, { [`f${n}.txt`]: `${n}\n` });
      git(repo, "add", ".");
      git(repo, "commit", "-q", "-m", `feature ${n}`);
    }
    git(repo, "config", "branch.feature.remote", "origin");
    git(repo, "config", "branch.feature.merge", "refs/heads/feature");
    git(repo, "tag", "-a", "-m", "release", "v1", "feature");
    git(repo, "checkout", "-q", "main");
    git(repo, "branch", "merged");
  });
  afterEach(() => root.cleanup());

  it("inspect counts the commits only the branch reaches", async () => {
    git(repo, "tag", "-d", "v1"); // otherwise the tag still reaches the feature commits
    const [feature, merged, missing] = await inspectBranchDelete(repo, ["feature", "merged", "nope"]);
    expect(feature).toMatchObject({
      ref: "refs/heads/feature",
      uniqueCommits: 2,
      sample: ["feature 2", "feature 1"],
    });
    expect(merged).toMatchObject({ ref: "refs/heads/merged", uniqueCommits: 0 });
    expect(missing).toMatchObject({ sha: null });
  });

  it("backup + real `git branch -D` + `git tag -d` + restore: refs, annotated tag and upstream config are back", async () => {
    const before = {
      refs: git(
        repo,
        "for-each-ref",
        "--format=%(refname) %(objectname) %(objecttype)",
        "refs/heads",
        "refs/tags",
      ),
      config: git(repo, "config", "--local", "--get-regexp", "^branch\\."),
    };
    expect((await inspectTagDelete(repo, ["v1"]))[0]?.sha).toBe(git(repo, "rev-parse", "refs/tags/v1"));
    const branches = await backupRefs(repo, ["feature"], "branch");
    const tags = await backupRefs(repo, ["v1"], "tag");
    git(repo, "branch", "-q", "-D", "feature");
    git(repo, "tag", "-d", "v1");
    git(repo, "reflog", "expire", "--expire=now", "--all");
    git(repo, "gc", "-q", "--prune=now");

    for (const record of [branches, tags]) {
      const report = await restoreBackup(JSON.parse(JSON.stringify(record)) as RefsBackup);
      expect(report.conflicts).toEqual([]);
    }
    expect({
      refs: git(
        repo,
        "for-each-ref",
        "--format=%(refname) %(objectname) %(objecttype)",
        "refs/heads",
        "refs/tags",
      ),
      config: git(repo, "config", "--local", "--get-regexp", "^branch\\."),
    }).toEqual(before);
    expect(git(repo, "log", "--format=%s", "feature")).toBe("feature 2\nfeature 1\nbase");
  });

  it("does not move a branch that exists again with another value", async () => {
    const record = await backupRefs(repo, ["feature"], "branch");
    git(repo, "branch", "-q", "-D", "feature");
    git(repo, "branch", "feature", "main");
    const report = await restoreBackup(record);
    expect(report.conflicts).toEqual(["refs/heads/feature"]);
    expect(git(repo, "rev-parse", "feature")).toBe(git(repo, "rev-parse", "main"));
    expect(report.notes[0]).toContain(record.refs[0]?.backup_ref ?? "missing");
  });
});
