/** readGitlinks reads gitlinks from real index files git wrote: versions 2, 3 and 4, and a split index. */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readGitlinks } from "../../src/sandbox/git-index.ts";
import { makeTempDirs } from "./helpers.ts";

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@e",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@e",
};
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, env, stdio: "pipe" });

describe("readGitlinks", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  function repoWithGitlinks(): string {
    const ws = dirs.make("idx");
    git(ws, "init", "-q");
    for (let i = 0; i < 30; i++) {
      mkdirSync(join(ws, "src", `dir-${i % 3}`), { recursive: true });
      writeFileSync(join(ws, "src", `dir-${i % 3}`, `file-${i}.txt`), `${i}\n`);
    }
    for (const sub of ["vendor/lib-a", "vendor/lib-b", "z"]) {
      git(ws, "init", "-q", sub);
      git(join(ws, sub), "commit", "-q", "--allow-empty", "-m", "x");
    }
    git(ws, "add", "-A");
    return ws;
  }

  it.each(["2", "3", "4"])("finds every gitlink in an index of version %s", (version) => {
    const ws = repoWithGitlinks();
    git(ws, "update-index", "--index-version", version);
    git(
      ws,
      "update-index",
      "--add",
      "--cacheinfo",
      "100644",
      "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
      "empty.txt",
    );
    // Intent-to-add sets an extended flag (2 more bytes per entry in version 3 and up).
    git(ws, "rm", "-q", "--cached", "src/dir-0/file-0.txt");
    git(ws, "add", "-N", "src/dir-0/file-0.txt");
    expect(readGitlinks(join(ws, ".git", "index")).sort()).toEqual(["vendor/lib-a", "vendor/lib-b", "z"]);
  });

  it("reads the shared index of a split index too", () => {
    const ws = repoWithGitlinks();
    git(ws, "update-index", "--split-index");
    git(ws, "commit", "-qm", "c");
    writeFileSync(join(ws, "new.txt"), "n\n");
    git(ws, "add", "new.txt");
    expect(readGitlinks(join(ws, ".git", "index")).sort()).toEqual(["vendor/lib-a", "vendor/lib-b", "z"]);
  });

  it("answers nothing for a missing or garbage index", () => {
    const ws = dirs.make("idx");
    expect(readGitlinks(join(ws, "index"))).toEqual([]);
    writeFileSync(join(ws, "index"), "DIRC\0\0\0\x02\xff\xff\xff\xffgarbage");
    expect(readGitlinks(join(ws, "index"))).toEqual([]);
  });
});
