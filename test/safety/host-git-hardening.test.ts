/**
 * Every git tandem runs on the host goes through runGit / hostGitInvocation. For each config key that makes git run a
 * program, a repository prepared as a hostile model would (top-level, and nested inside the workspace) and the git
 * command that would run it: first with plain git, which DOES run the planted program (the fixture is live), then
 * through tandem's runner, which must not (no marker file on the host).
 */

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runGit } from "../../src/safety/checkpoints/git.ts";
import { createMarkers, HOSTILE_KEYS, hostileRepo, plantAll, setupGit } from "../support/hostile-git.ts";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function fixture(where: "top-level" | "nested") {
  const root = mkdtempSync(join(tmpdir(), "tandem-host-git-"));
  roots.push(root);
  const ws = join(root, "ws");
  hostileRepo(ws);
  let repo = ws;
  if (where === "nested") {
    repo = join(ws, "vendor", "lib");
    hostileRepo(repo);
    setupGit(ws, ["add", "-A"]);
    setupGit(ws, ["commit", "-qm", "gitlink the nested repository"]);
  }
  writeFileSync(join(repo, "a.txt"), "changed\n");
  return { root, ws, repo, markers: createMarkers(join(root, "markers")) };
}

/** Unprotected git, as tandem ran it for the guard's look-ups on main (env and no flags). */
function plainGit(cwd: string, args: string[], input?: string): void {
  try {
    execFileSync("git", args, {
      cwd,
      input,
      stdio: "pipe",
      timeout: 20_000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_NOSYSTEM: "1" },
    });
  } catch {
    // The probe's exit code does not matter, only whether the program ran.
  }
}

const ANY_EXIT = Array.from({ length: 256 }, (_, i) => i);

describe.each(["top-level", "nested"] as const)("a %s repository the model configured", (where) => {
  it.each(HOSTILE_KEYS)("$key: tandem's git does not run it", async (hostile) => {
    const control = fixture(where);
    hostile.plant(control.repo, control.markers);
    plainGit(control.repo, hostile.probe, hostile.input);
    expect(control.markers.written().length, "the planted program runs under plain git").toBeGreaterThan(0);

    const { repo, markers } = fixture(where);
    hostile.plant(repo, markers);
    await runGit(hostile.probe, { cwd: repo, input: hostile.input, okCodes: ANY_EXIT, timeoutMs: 20_000 });
    expect(markers.written()).toEqual([]);
  });
});

describe("what the hardening keeps", () => {
  it("a nested gitlinked repository is not entered: the parent's diff runs none of the nested repo's filters", async () => {
    const { ws, repo, markers } = fixture("nested");
    setupGit(repo, ["config", "filter.evil.clean", markers.program("nested.clean", true)]);
    // Same size, other mtime: git must read the content (through the clean filter) to know it changed.
    writeFileSync(join(repo, "a.txt"), "one\n");
    setupGit(repo, ["add", "-A"]);
    writeFileSync(join(repo, "a.txt"), "two\n");
    execFileSync("touch", ["-d", "2001-01-01", join(repo, "a.txt")]);
    plainGit(ws, ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "diff", "--numstat"]);
    expect(markers.written(), "main's flags still entered the nested repository").toEqual(["nested.clean"]);
    rmSync(join(markers.dir, "nested.clean"));
    const diff = await runGit(["diff", "--numstat"], { cwd: ws });
    expect(markers.written()).toEqual([]);
    expect(diff.stdout).toBe(""); // only the nested work tree is dirty, its commit did not move
  });

  it("core.worktree pointing at another tree: tandem's git works on the repository's own tree only", async () => {
    const { root, repo, markers } = fixture("top-level");
    const other = join(root, "elsewhere");
    hostileRepo(other);
    setupGit(repo, ["config", "core.worktree", other]);
    const top = await runGit(["rev-parse", "--show-toplevel"], { cwd: repo });
    expect(top.stdout.trim()).toBe(repo);
    await runGit(["checkout", "--", "."], { cwd: repo });
    expect(readFileSync(join(repo, "a.txt"), "utf8")).toBe("one\n");
    expect(readFileSync(join(other, "a.txt"), "utf8")).toBe("one\n");
    expect(markers.written()).toEqual([]);
  });

  it("core.worktree, run from a sub-folder holding an empty .git (a sandbox placeholder): the repository's own tree", async () => {
    const { root, repo, markers } = fixture("top-level");
    const other = join(root, "elsewhere");
    hostileRepo(other);
    setupGit(repo, ["config", "core.worktree", other]);
    const pkg = join(repo, "pkg");
    mkdirSync(join(pkg, ".git"), { recursive: true }); // git itself looks past it, and so must tandem's pinning
    const top = await runGit(["rev-parse", "--show-toplevel"], { cwd: pkg });
    expect(top.code).toBe(0);
    expect(top.stdout.trim()).toBe(repo);
    expect(markers.written()).toEqual([]);
  });

  it("the user's own (global) credential helper and filters stay in force; the repository's are replaced", async () => {
    const { root, repo, markers } = fixture("top-level");
    const global = join(root, "gitconfig");
    writeFileSync(
      global,
      `[credential]\n\thelper = ${markers.program("user.helper")}\n[filter "evil"]\n\tclean = tr a-z A-Z\n`,
    );
    setupGit(repo, ["config", "credential.helper", markers.program("repo.helper")]);
    setupGit(repo, ["config", "filter.evil.clean", markers.program("repo.clean")]);
    const env = { GIT_CONFIG_GLOBAL: global };
    const input = "protocol=https\nhost=example.invalid\n\n";
    await runGit(["credential", "fill"], { cwd: repo, env, input, okCodes: ANY_EXIT });
    await runGit(["add", "a.txt"], { cwd: repo, env });
    const blob = await runGit(["cat-file", "-p", ":a.txt"], { cwd: repo, env });
    expect(blob.stdout).toBe("CHANGED\n"); // the user's filter ran
    expect(markers.written()).toEqual(["user.helper"]);
  });

  it("the user's GIT_SSH still picks their ssh program when the repository sets core.sshCommand", async () => {
    const { repo, markers } = fixture("top-level");
    setupGit(repo, ["config", "core.sshCommand", markers.program("repo.ssh")]);
    const env = { GIT_SSH: markers.program("user.ssh") };
    await runGit(["ls-remote", "ssh://git@127.0.0.1:9/x.git"], { cwd: repo, env, okCodes: ANY_EXIT });
    expect(markers.written()).toEqual(["user.ssh"]);
  });

  it("reading the config itself runs nothing (git config --list follows includes, runs no program)", () => {
    const { repo, markers } = fixture("top-level");
    plantAll(repo, markers, repo);
    setupGit(repo, ["config", "--list", "--show-scope", "-z"]);
    expect(markers.written()).toEqual([]);
  });
});
