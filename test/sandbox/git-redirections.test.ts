/**
 * Issue #9 item 1: a sandboxed command may write git objects and refs (add, commit, branch, stash, rebase, gc
 * work) but nothing that changes which programs git runs or where it reads config, objects and refs. Each attack
 * plants a core.fsmonitor program that writes a marker on the HOST, then the host's real git runs: the marker
 * must stay absent. A control run shows each planted redirection would have worked.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { git, initCommittedRepo, makeTempDirs, runChecked } from "./helpers.ts";

describe("workspace-write sandbox: git redirections", () => {
  const dirs = makeTempDirs();
  let ws: string;
  let marker: string;
  let sandbox: Sandbox;
  /** Shell lines (run in the workspace) that make `evil.git/` a git dir whose fsmonitor writes the marker. */
  let plantEvilGitDir: string;

  beforeEach(() => {
    ws = dirs.make("ws");
    marker = join(dirs.make("marker"), "ran");
    sandbox = createSandbox({ workspace: ws, home: dirs.make("home") });
    initCommittedRepo(ws);
    plantEvilGitDir = [
      "cp -r .git evil.git && rm -rf evil.git/hooks evil.git/config",
      `printf '#!/bin/sh\\ntouch ${marker}\\n' > fsm && chmod +x fsm`,
      "printf '[core]\\n\\trepositoryformatversion = 0\\n\\tfsmonitor = %s\\n' \"$PWD/fsm\" > evil.git/config",
    ].join(" && ");
  });
  afterEach(() => dirs.cleanup());

  it("keeps git add, commit, branch, checkout, stash, merge, rebase and gc working, with nothing quarantined", async () => {
    const r = await runChecked(
      sandbox,
      [
        "git checkout -qb topic && echo b > b.txt && git add b.txt && git commit -qm two",
        "git checkout -q main && echo c > c.txt && git add c.txt && git commit -qm three",
        "echo d >> a.txt && git stash -q && git stash pop -q && git checkout -q a.txt",
        "git rebase -q topic && git merge -q --no-edit topic && git gc -q && git log --format=%s",
      ].join(" && "),
      ws,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("three\ntwo\none\n");
    expect(r.notes).toEqual([]);
  });

  it("moves a .git/commondir the command created aside before git runs on the host", async () => {
    const r = await runChecked(sandbox, `${plantEvilGitDir} && echo "$PWD/evil.git" > .git/commondir`, ws);
    expect(r.code).toBe(0); // the file can be created (no placeholder: an empty commondir breaks git) ...
    expect(r.notes.join("\n")).toContain("commondir");
    expect(existsSync(join(ws, ".git/commondir"))).toBe(false); // ... but not left for git outside
    git(ws, "status", "--short");
    expect(existsSync(marker)).toBe(false);

    // Control: had it stayed, the host's git would have run the planted program.
    renameSync(join(ws, ".git/commondir.tandem-quarantine"), join(ws, ".git/commondir"));
    git(ws, "status", "--short");
    expect(existsSync(marker)).toBe(true);
  });

  it("quarantines new info/attributes, alternates and config.worktree, and refuses changing existing ones", async () => {
    const r = await runChecked(
      sandbox,
      [
        "echo '* filter=evil' > .git/info/attributes",
        "echo /elsewhere/objects > .git/objects/info/alternates",
        "printf '[core]\\n\\tfsmonitor = x\\n' > .git/config.worktree",
        "true",
      ].join("; "),
      ws,
    );
    expect(existsSync(join(ws, ".git/info/attributes"))).toBe(false);
    expect(existsSync(join(ws, ".git/objects/info/alternates"))).toBe(false);
    expect(existsSync(join(ws, ".git/config.worktree"))).toBe(false);
    expect(r.notes).toHaveLength(3);

    writeFileSync(join(ws, ".git/objects/info/alternates"), "");
    writeFileSync(join(ws, ".git/info/attributes"), "");
    const again = await runChecked(
      sandbox,
      [
        "echo /x > .git/objects/info/alternates",
        "echo '* filter=evil' > .git/info/attributes",
        "mv .git/objects/info .git/objects/i2",
        "mv .git/objects .git/o2",
        "mv .git/info .git/i2",
      ].join("; "),
      ws,
    );
    expect(again.stderr).toContain("Read-only file system");
    expect(again.stderr).toContain("Device or resource busy");
    expect(readFileSync(join(ws, ".git/objects/info/alternates"), "utf8")).toBe("");
    expect(readFileSync(join(ws, ".git/info/attributes"), "utf8")).toBe("");
    expect(again.notes).toEqual([]);
  });

  it("lets git worktree add work, but moves aside a new worktree's commondir that leads elsewhere", async () => {
    const ok = await runChecked(sandbox, "git worktree add -q wt-ok", ws);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.notes).toEqual([]);
    const r = await runChecked(
      sandbox,
      `${plantEvilGitDir} && git worktree add -q wt && echo "$PWD/evil.git" > .git/worktrees/wt/commondir`,
      ws,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.notes.join("\n")).toContain(".git/worktrees/wt/commondir");
    // With its commondir moved aside the worktree is broken for git (it says so), but runs nothing.
    spawnSync("git", ["status", "--short"], { cwd: join(ws, "wt"), stdio: "pipe" });
    git(join(ws, "wt-ok"), "status", "--short");
    expect(existsSync(marker)).toBe(false);
  });

  it("protects linked worktrees' commondir and gitdir, and submodule git dirs under .git/modules", async () => {
    const wt = join(dirs.make("wt"), "linked");
    git(ws, "worktree", "add", "-q", wt);
    const lib = dirs.make("lib");
    git(lib, "init", "-q");
    git(lib, "commit", "-q", "--allow-empty", "-m", "lib");
    git(ws, "-c", "protocol.file.allow=always", "submodule", "add", "-q", lib, "lib");
    git(ws, "commit", "-qm", "add lib");
    const r = await runChecked(
      sandbox,
      [
        `${plantEvilGitDir}`,
        'echo "$PWD/evil.git" > .git/worktrees/linked/commondir',
        "mv .git/worktrees/linked .git/worktrees/old",
        "mv .git/worktrees .git/w2",
        'git -C lib config core.fsmonitor "$PWD/fsm"',
        "echo x > .git/modules/lib/hooks/post-checkout",
        'echo "$PWD/evil.git" > .git/modules/lib/commondir',
        "mv .git/modules/lib .git/modules/old",
        "true",
      ].join("; "),
      ws,
    );
    expect(r.stderr).toMatch(/Read-only file system|Device or resource busy/);
    // The submodule stays usable for ordinary work inside the sandbox.
    const commit = await runChecked(
      sandbox,
      "cd lib && echo l > l.txt && git add l.txt && git commit -qm l",
      ws,
    );
    expect(commit.code).toBe(0);
    expect(existsSync(join(ws, ".git/modules/lib/commondir"))).toBe(false);
    expect(existsSync(join(ws, ".git/modules/lib/hooks/post-checkout"))).toBe(false);
    expect(readFileSync(join(ws, ".git/worktrees/linked/commondir"), "utf8")).toBe("../..\n");
    expect(r.notes.join("\n")).toContain(".git/modules/lib/commondir");
    git(wt, "status", "--short");
    git(ws, "status", "--short");
    git(join(ws, "lib"), "status", "--short");
    expect(existsSync(marker)).toBe(false);
  });
});
