/**
 * The guard's backup and the undo journal for the commands the CLI test does not drive: `git branch -D` (the
 * branch comes back at its sha), `git checkout .` (the discarded edit comes back) and `git stash drop`/`clear`
 * (the entries come back, in order). Real git, real files;
 * the command runs for real between the gate's beforeRun and the undo.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../../src/safety/journal.ts";
import { undoLastStep } from "../../src/safety/undo.ts";
import { createShellTool } from "../../src/tools/shell.ts";

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@t.invalid",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@t.invalid",
};
const git = (cwd: string, args: string[]) => execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();

let root: string | undefined;
/** The session's end: the last step's after-step work finishes before the folder is removed. */
let closeGate: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeGate?.();
  closeGate = undefined;
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

async function setup(mode: "auto" | "full" = "auto") {
  root = await mkdtemp(join(tmpdir(), "tandem-guard-undo-"));
  const ws = join(root, "ws");
  await mkdir(ws);
  git(ws, ["init", "-q", "-b", "main"]);
  await writeFile(join(ws, "a.txt"), "committed\n");
  git(ws, ["add", "a.txt"]);
  git(ws, ["commit", "-qm", "one"]);
  const paths = safetyPaths(join(root, "home"), ws);
  const store = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir });
  const journal = createUndoJournal(paths.journal);
  const gate = createSafetyGate({
    mode,
    workspace: ws,
    checkpoints: store,
    journal,
    trashDir: paths.trashDir,
  });
  closeGate = () => gate.close();
  const shell = createShellTool({ baseEnv: env }) as AnyTool;
  /** Issues the command twice (the second time justified) and runs it the way the loop does. */
  async function run(command: string) {
    const first = await gate.check({ callId: "1", tool: shell, args: { command }, cwd: ws });
    expect(first.action).toBe("deny");
    const args = { command, justification: "test" };
    const call = { callId: "2", tool: shell, args, cwd: ws };
    expect((await gate.check(call)).action).toBe("allow");
    await gate.beforeRun?.(call);
    const result = await shell.execute(args, { cwd: ws, callId: "2", signal: new AbortController().signal });
    await gate.afterRun?.(call);
    // The loop's next model request goes out: the after-step work waiting for it starts.
    gate.requestSent();
    return { first, note: gate.takeNote("2"), result };
  }
  return { ws, store, journal, run };
}

describe("guard backups undone from the journal", () => {
  it("git branch -D: the branch's sha is shown, and undo recreates the branch", async () => {
    const { ws, store, journal, run } = await setup();
    git(ws, ["checkout", "-qb", "feature"]);
    await writeFile(join(ws, "b.txt"), "feature work\n");
    git(ws, ["add", "b.txt"]);
    git(ws, ["commit", "-qm", "feature only commit"]);
    const sha = git(ws, ["rev-parse", "feature"]);
    git(ws, ["checkout", "-q", "main"]);
    const { first, note } = await run("git branch -D feature");
    expect(first.action === "deny" && first.reason).toContain(sha.slice(0, 10));
    expect(first.action === "deny" && first.reason).toContain("feature only commit");
    expect(note).toContain("justification recorded: test");
    expect(() => git(ws, ["rev-parse", "--verify", "-q", "refs/heads/feature"])).toThrow();
    const undone = await undoLastStep(journal, store);
    expect(undone?.entry.type).toBe("backup");
    expect(git(ws, ["rev-parse", "feature"])).toBe(sha);
  });

  it("git checkout .: the discarded edit is named, and undo brings it back", async () => {
    const { ws, store, journal, run } = await setup();
    await writeFile(join(ws, "a.txt"), "uncommitted edit\n");
    const { first } = await run("git checkout .");
    expect(first.action === "deny" && first.reason).toContain("a.txt");
    expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("committed\n");
    await undoLastStep(journal, store);
    expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("uncommitted edit\n");
    // Nothing left to undo: the journal's only step was reversed.
    expect(await undoLastStep(journal, store)).toBeNull();
  });

  it("git stash drop and clear: the entries are named, and undo stores them back in their order", async () => {
    const { ws, store, journal, run } = await setup();
    for (const text of ["first stash\n", "second stash\n"]) {
      await writeFile(join(ws, "a.txt"), text);
      git(ws, ["stash", "push", "-q", "-m", text.trim()]);
    }
    const before = git(ws, ["stash", "list", "--format=%H %gs"]);
    const dropped = await run("git stash drop");
    expect(dropped.first.action === "deny" && dropped.first.reason).toContain(
      'stash@{0} "On main: second stash"',
    );
    expect(git(ws, ["stash", "list"]).split("\n")).toHaveLength(1);
    await undoLastStep(journal, store);
    expect(git(ws, ["stash", "list", "--format=%H %gs"])).toBe(before);

    const cleared = await run("git stash clear");
    expect(cleared.first.action === "deny" && cleared.first.reason).toContain("2 stash entries");
    expect(git(ws, ["stash", "list"])).toBe("");
    await undoLastStep(journal, store);
    expect(git(ws, ["stash", "list", "--format=%H %gs"])).toBe(before);
    git(ws, ["stash", "pop", "-q"]);
    expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("second stash\n");
  });

  // Regression (issue #9, item 8): undo moved HEAD "back" through the symbolic ref, writing main's commit into
  // the branch the forced checkout had switched to.
  for (const command of [
    "git checkout -f other",
    "git switch --discard-changes other",
    "git checkout --force other",
  ]) {
    it(`${command}: undo puts HEAD back on main, restores the edit, and moves no branch`, async () => {
      const { ws, store, journal, run } = await setup();
      git(ws, ["checkout", "-qb", "other"]);
      await writeFile(join(ws, "other.txt"), "only on other\n");
      git(ws, ["add", "other.txt"]);
      git(ws, ["commit", "-qm", "other's commit"]);
      git(ws, ["checkout", "-q", "main"]);
      await writeFile(join(ws, "a.txt"), "uncommitted edit\n");
      const refs = git(ws, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"]);
      await run(command);
      expect(git(ws, ["symbolic-ref", "HEAD"])).toBe("refs/heads/other");
      await undoLastStep(journal, store);
      expect(git(ws, ["symbolic-ref", "HEAD"])).toBe("refs/heads/main");
      expect(git(ws, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"])).toBe(refs);
      expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("uncommitted edit\n");
      await expect(readFile(join(ws, "other.txt"))).rejects.toThrow(/ENOENT/);
      expect(git(ws, ["status", "--porcelain"])).toBe("M a.txt");
    });
  }

  it("git checkout -f main from a detached HEAD: undo detaches HEAD at the old commit again, no branch moved", async () => {
    const { ws, store, journal, run } = await setup();
    git(ws, ["branch", "other"]);
    await writeFile(join(ws, "a.txt"), "second\n");
    git(ws, ["commit", "-qam", "two"]);
    const detached = git(ws, ["rev-parse", "HEAD~1"]);
    git(ws, ["checkout", "-q", "--detach", detached]);
    await writeFile(join(ws, "a.txt"), "uncommitted edit\n");
    const refs = git(ws, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"]);
    await run("git checkout -f main");
    expect(git(ws, ["symbolic-ref", "HEAD"])).toBe("refs/heads/main");
    await undoLastStep(journal, store);
    expect(() => git(ws, ["symbolic-ref", "-q", "HEAD"])).toThrow();
    expect(git(ws, ["rev-parse", "HEAD"])).toBe(detached);
    expect(git(ws, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"])).toBe(refs);
    expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("uncommitted edit\n");
  });

  it("git checkout --force (no branch): undo brings the edit back and HEAD stays on main", async () => {
    const { ws, store, journal, run } = await setup();
    await writeFile(join(ws, "a.txt"), "uncommitted edit\n");
    const refs = git(ws, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"]);
    await run("git checkout --force");
    expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("committed\n");
    await undoLastStep(journal, store);
    expect(git(ws, ["symbolic-ref", "HEAD"])).toBe("refs/heads/main");
    expect(git(ws, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"])).toBe(refs);
    expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("uncommitted edit\n");
  });

  it("git reset --hard HEAD~1: undo moves the branch back to exactly where it was", async () => {
    const { ws, store, journal, run } = await setup();
    await writeFile(join(ws, "a.txt"), "second\n");
    git(ws, ["commit", "-qam", "two"]);
    await writeFile(join(ws, "a.txt"), "uncommitted edit\n");
    const refs = git(ws, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"]);
    await run("git reset --hard HEAD~1");
    expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("committed\n");
    await undoLastStep(journal, store);
    expect(git(ws, ["symbolic-ref", "HEAD"])).toBe("refs/heads/main");
    expect(git(ws, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"])).toBe(refs);
    expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("uncommitted edit\n");
  });

  // Regression (issue #9, item 8): the backup pinned the stash@{0} of before the command line, not the entry
  // `git stash` created and `git stash drop` then dropped: undo restored nothing and the staged state was lost.
  for (const command of ["git stash && git stash drop", "git stash push -m mine; git stash drop stash@{0}"]) {
    it(`${command}: undo brings back the staged and unstaged changes and leaves older stashes alone`, async () => {
      const { ws, store, journal, run } = await setup();
      await writeFile(join(ws, "b.txt"), "b committed\n");
      git(ws, ["add", "b.txt"]);
      git(ws, ["commit", "-qm", "b"]);
      await writeFile(join(ws, "a.txt"), "older stash\n");
      git(ws, ["stash", "push", "-q", "-m", "older"]);
      const stashes = git(ws, ["stash", "list", "--format=%H %gs"]);
      await writeFile(join(ws, "a.txt"), "staged edit\n");
      git(ws, ["add", "a.txt"]);
      await writeFile(join(ws, "a.txt"), "staged edit, then more\n");
      await writeFile(join(ws, "b.txt"), "unstaged edit\n");
      const status = git(ws, ["status", "--porcelain"]);
      const first = await run(command);
      expect(first.first.action === "deny" && first.first.reason).toContain(
        "uncommitted changes (a.txt, b.txt)",
      );
      expect(git(ws, ["status", "--porcelain"])).toBe("");
      expect(git(ws, ["stash", "list", "--format=%H %gs"])).toBe(stashes);
      const undone = await undoLastStep(journal, store);
      expect(undone?.entry.type).toBe("backup");
      expect(git(ws, ["status", "--porcelain"])).toBe(status);
      expect(git(ws, ["show", ":a.txt"])).toBe("staged edit");
      expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("staged edit, then more\n");
      expect(await readFile(join(ws, "b.txt"), "utf8")).toBe("unstaged edit\n");
      expect(git(ws, ["stash", "list", "--format=%H %gs"])).toBe(stashes);
    });
  }

  // Regression (issue #9, item 8): the backup went through the repository's own eol conversion, so undo wrote
  // CRLF where the user's file had LF (and the reverse under eol=lf).
  it("git checkout . under eol=crlf: undo restores the edit's exact bytes", async () => {
    const { ws, store, journal, run } = await setup();
    await writeFile(join(ws, ".gitattributes"), "* text eol=crlf\n");
    git(ws, ["add", ".gitattributes"]);
    git(ws, ["commit", "-qm", "attributes"]);
    await writeFile(join(ws, "a.txt"), "edit with LF\nendings\n");
    await run("git checkout .");
    expect(await readFile(join(ws, "a.txt"), "utf8")).not.toBe("edit with LF\nendings\n");
    await undoLastStep(journal, store);
    expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("edit with LF\nendings\n");
  });

  it("full mode: a destructive command no primitive covers runs after stop-and-think; undo uses its checkpoint", async () => {
    const { ws, store, journal, run } = await setup("full");
    await writeFile(join(ws, "scratch.tmp"), "keep me\n");
    const { first } = await run("find . -name '*.tmp' -delete");
    expect(first.action === "deny" && first.reason).toContain("find");
    await expect(readFile(join(ws, "scratch.tmp"), "utf8")).rejects.toThrow();
    const undone = await undoLastStep(journal, store);
    expect(undone?.lines.join("\n")).toContain("restored checkpoint");
    expect(await readFile(join(ws, "scratch.tmp"), "utf8")).toBe("keep me\n");
  });

  // Checkpoints exclude .git: before, these were `write` (or an irreversible destructive) and undo said
  // "nothing to undo". Now the guard stops them with what they remove, keeps an exact copy, and undo restores it.
  it("rm -rf .git/objects in auto: refused with its impact, backed up on the justified re-issue, undone", async () => {
    const { ws, store, journal, run } = await setup();
    const head = git(ws, ["rev-parse", "HEAD"]);
    const { first, note } = await run("rm -rf .git/objects");
    expect(first.action === "deny" && first.reason).toContain(".git/objects");
    expect(first.action === "deny" && first.reason).toContain("checkpoints do not cover");
    expect(note).toContain("backed up first");
    expect(() => git(ws, ["log", "--oneline"])).toThrow();
    const undone = await undoLastStep(journal, store);
    expect(undone?.conflicts).toEqual([]);
    expect(git(ws, ["rev-parse", "HEAD"])).toBe(head);
    expect(git(ws, ["log", "--format=%s"])).toBe("one");
    expect(git(ws, ["status", "--porcelain"])).toBe("");
  });

  it("> .git/index in auto: the truncated index comes back byte for byte, staged work included", async () => {
    const { ws, store, journal, run } = await setup();
    await writeFile(join(ws, "staged.txt"), "staged\n");
    git(ws, ["add", "staged.txt"]);
    const before = await readFile(join(ws, ".git", "index"));
    const { first } = await run("> .git/index");
    expect(first.action === "deny" && first.reason).toContain(".git/index");
    expect((await readFile(join(ws, ".git", "index"))).length).toBe(0);
    expect(() => git(ws, ["status"])).toThrow();
    await undoLastStep(journal, store);
    expect(await readFile(join(ws, ".git", "index"))).toEqual(before);
    expect(git(ws, ["status", "--porcelain"])).toBe("A  staged.txt");
  });

  it("git reflog expire + gc --prune=now: the dropped commit is back after undo", async () => {
    const { ws, store, journal, run } = await setup();
    await writeFile(join(ws, "a.txt"), "lost work\n");
    git(ws, ["commit", "-qam", "soon unreachable"]);
    const lost = git(ws, ["rev-parse", "HEAD"]);
    git(ws, ["reset", "-q", "--hard", "HEAD~1"]);
    const { first } = await run("git reflog expire --expire=now --all && git gc -q --prune=now");
    expect(first.action === "deny" && first.reason).toContain("unreachable");
    expect(() => git(ws, ["cat-file", "-e", lost])).toThrow();
    await undoLastStep(journal, store);
    expect(git(ws, ["cat-file", "-p", lost])).toContain("soon unreachable");
    expect(git(ws, ["reflog", "--format=%H"]).split("\n")).toContain(lost);
    expect(git(ws, ["status", "--porcelain"])).toBe("");
  });

  it("git update-ref -d: the ref and its commit come back", async () => {
    const { ws, store, journal, run } = await setup();
    git(ws, ["branch", "keep"]);
    const sha = git(ws, ["rev-parse", "keep"]);
    await run("git update-ref -d refs/heads/keep");
    expect(() => git(ws, ["rev-parse", "--verify", "-q", "refs/heads/keep"])).toThrow();
    await undoLastStep(journal, store);
    expect(git(ws, ["rev-parse", "keep"])).toBe(sha);
  });

  it("rm -rf of work files and .git together: both come back, the work files too", async () => {
    const { ws, store, journal, run } = await setup();
    await mkdir(join(ws, "src"));
    await writeFile(join(ws, "src", "b.txt"), "work\n");
    await run("rm -rf src .git");
    await expect(readFile(join(ws, "src", "b.txt"), "utf8")).rejects.toThrow();
    await undoLastStep(journal, store);
    expect(await readFile(join(ws, "src", "b.txt"), "utf8")).toBe("work\n");
    expect(git(ws, ["log", "--format=%s"])).toBe("one");
  });

  it("mv .git away: the repository is back where it was after undo", async () => {
    const { ws, store, journal, run } = await setup();
    const away = join(root as string, "moved-git");
    const { first } = await run(`mv .git ${away}`);
    expect(first.action === "deny" && first.reason).toContain(".git");
    expect(() => git(ws, ["rev-parse", "--git-dir"])).toThrow();
    await undoLastStep(journal, store);
    expect(git(ws, ["log", "--format=%s"])).toBe("one");
    expect(git(ws, ["status", "--porcelain"])).toBe("");
  });
});
