/**
 * Issue #9 item 4: `git status` in the parent recurses into each populated gitlink with that repository's own
 * config, so a nested repository's core.fsmonitor runs on the host. Existing gitlinked repositories are guarded
 * like the top one; one the command creates (or swaps in) and that git in the parent would enter is checked
 * right after the command, and what could run a program is moved aside. Each test runs the host's real
 * `git status` in the parent afterwards and asserts the planted program's marker is absent.
 */
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { git, initCommittedRepo, makeTempDirs, runChecked } from "./helpers.ts";

describe("nested repositories", () => {
  const dirs = makeTempDirs();
  let ws: string;
  let marker: string;
  let sandbox: Sandbox;
  let fsm: string;

  beforeEach(() => {
    ws = dirs.make("ws");
    marker = join(dirs.make("marker"), "ran");
    sandbox = createSandbox({ workspace: ws, home: dirs.make("home") });
    initCommittedRepo(ws);
    fsm = `printf '#!/bin/sh\\ntouch ${marker}\\n' > x && chmod +x x`;
  });
  afterEach(() => dirs.cleanup());

  it("a repository the command creates and adds as a gitlink does not run its fsmonitor in the parent", async () => {
    const r = await runChecked(
      sandbox,
      `git init -q sub && (cd sub && ${fsm}) && git -C sub config core.fsmonitor ./x && git -C sub add x && git -C sub commit -qm s && git add sub`,
      ws,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.notes.join("\n")).toContain("core.fsmonitor");
    git(ws, "status", "--short");
    expect(existsSync(marker)).toBe(false);
    // The repository itself still works, without the planted setting.
    expect(git(join(ws, "sub"), "log", "--format=%s")).toBe("s");

    // Control: with its config back, the parent's git status runs the program.
    renameSync(join(ws, "sub/.git/config.tandem-quarantine"), join(ws, "sub/.git/config"));
    git(ws, "status", "--short");
    expect(existsSync(marker)).toBe(true);
  });

  it("keeps a safe config (what git init and clone write) and checks only what git in the parent enters", async () => {
    const r = await runChecked(
      sandbox,
      "git init -q sub && git -C sub remote add origin https://example.com/x.git && git -C sub commit -q --allow-empty -m s && git add sub && git init -q loose && git -C loose config core.pager less",
      ws,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.notes).toEqual([]);
    expect(readFileSync(join(ws, "sub/.git/config"), "utf8")).toContain("example.com");
  });

  it("guards an existing gitlinked repository like the top one, while ordinary work in it goes on", async () => {
    git(ws, "init", "-q", "sub");
    git(join(ws, "sub"), "commit", "-q", "--allow-empty", "-m", "s");
    git(ws, "add", "sub");
    git(ws, "commit", "-qm", "sub");
    const r = await runChecked(
      sandbox,
      `cd sub && ${fsm}; git config core.fsmonitor ./x; echo x > .git/hooks/pre-commit; mv .git .git-old; echo y > y && git add y && git commit -qm y; echo "$PWD" > .git/commondir`,
      ws,
    );
    expect(r.stderr).toContain("Read-only file system");
    expect(r.notes.join("\n")).toContain("sub/.git/commondir");
    expect(existsSync(join(ws, "sub/.git/hooks/pre-commit"))).toBe(false);
    expect(git(join(ws, "sub"), "log", "-1", "--format=%s")).toBe("y");
    git(ws, "status", "--short");
    expect(existsSync(marker)).toBe(false);
  });

  it("checks a gitlink the command populates without touching the parent's index", async () => {
    git(ws, "init", "-q", "sub");
    git(join(ws, "sub"), "commit", "-q", "--allow-empty", "-m", "s");
    git(ws, "add", "sub");
    git(ws, "commit", "-qm", "sub");
    rmSync(join(ws, "sub/.git"), { recursive: true }); // a gitlink that is not checked out
    const r = await runChecked(
      sandbox,
      `git init -q sub && (cd sub && ${fsm}) && git -C sub config core.fsmonitor ./x && git -C sub commit -q --allow-empty -m evil`,
      ws,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.notes.join("\n")).toContain("core.fsmonitor");
    git(ws, "status", "--short");
    expect(existsSync(marker)).toBe(false);
  });
});
