/**
 * Ground truth for the git rules: each command runs for real in a throwaway repository with an uncommitted
 * edit and an untracked file. Commands the analysis calls destructive must lose that data (or remote
 * history); commands it calls write or read-only must keep it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { analyzeCommand } from "../../src/safety/analysis/index.ts";

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.invalid",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  HOME: tmpdir(),
};

let root: string;
let repo: string;

function sh(command: string, cwd = repo): void {
  execFileSync("bash", ["-c", command], { cwd, env: GIT_ENV, stdio: "ignore" });
}

function dataKept(): boolean {
  const edited = readFileSync(join(repo, "src/main.ts"), "utf8") === "edited\n";
  const untracked = existsSync(join(repo, "notes.txt"));
  return edited && untracked;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "tandem-git-"));
  repo = join(root, "repo");
  mkdirSync(join(repo, "src"), { recursive: true });
  sh("git init -q -b main && git commit -q --allow-empty -m root", repo);
  writeFileSync(join(repo, "src/main.ts"), "original\n");
  sh("git add -A && git commit -q -m init && git branch feature");
  writeFileSync(join(repo, "src/main.ts"), "edited\n");
  writeFileSync(join(repo, "notes.txt"), "untracked work\n");
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("git rules agree with what git really does", () => {
  const destructive = [
    "git reset --hard",
    "git checkout -- .",
    "git checkout .",
    "git checkout src/main.ts",
    "git restore .",
    "git restore --staged --worktree src/main.ts",
    "git clean -fdx",
    "git clean -f",
    "git stash -u && git stash drop",
    "git -C src reset --hard",
    "bash -c 'git reset --hard'",
  ];
  for (const command of destructive) {
    it(`destructive and loses data: ${command}`, async () => {
      const a = await analyzeCommand(command, { cwd: repo });
      expect(a.risk).toBe("destructive");
      sh(command);
      expect(dataKept()).toBe(false);
    });
  }

  const safe = [
    "git status",
    "git diff",
    "git stash list",
    "git clean -n",
    "git add -A",
    "git commit -am wip",
    "git checkout -b topic",
    "git switch feature",
    "git restore --staged src/main.ts",
    "git stash -u && git stash pop",
    "git branch -d feature",
    "git reset HEAD src/main.ts",
  ];
  for (const command of safe) {
    it(`not destructive and keeps data: ${command}`, async () => {
      const a = await analyzeCommand(command, { cwd: repo });
      expect(["read-only", "write"]).toContain(a.risk);
      sh(command);
      // A commit keeps the edit in history: check the work tree or HEAD has it.
      const inHead =
        execFileSync("git", ["show", "HEAD:src/main.ts"], { cwd: repo, env: GIT_ENV }).toString() ===
        "edited\n";
      expect(dataKept() || inHead).toBe(true);
    });
  }

  it("git checkout of a branch name is a write, of an existing path destructive", async () => {
    expect((await analyzeCommand("git checkout feature", { cwd: repo })).risk).toBe("write");
    expect((await analyzeCommand("git checkout src", { cwd: repo })).risk).toBe("destructive");
  });

  it("force push over a diverged remote rewrites it; a plain push is refused", async () => {
    const remote = join(root, "remote.git");
    sh(`git init -q --bare ${remote} && git remote add origin ${remote} && git push -q origin main`);
    sh(
      "git commit -q --allow-empty -m local && git reset -q --hard HEAD~1 && git commit -q --allow-empty -m diverged",
    );
    const other = join(root, "other");
    sh(
      `git clone -q -b main ${remote} ${other} && cd ${other} && git commit -q --allow-empty -m remote-only && git push -q origin main`,
    );
    const remoteHead = () =>
      execFileSync("git", ["rev-parse", "main"], { cwd: remote, env: GIT_ENV }).toString().trim();
    const before = remoteHead();
    expect((await analyzeCommand("git push origin main", { cwd: repo })).risk).toBe("write");
    expect(() => sh("git push -q origin main")).toThrow();
    expect(remoteHead()).toBe(before);
    expect((await analyzeCommand("git push --force origin main", { cwd: repo })).risk).toBe("destructive");
    sh("git push -q --force origin main");
    expect(remoteHead()).not.toBe(before);
  });
});
