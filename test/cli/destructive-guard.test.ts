/**
 * The acceptance test: the fake model drives the five destructive commands through the real CLI in each
 * mode (ask with nobody to answer, auto, full). Each time the guard stops the first call with the computed
 * impact, the model re-issues it with a justification, and afterwards nothing is lost: `tandem undo` brings
 * back exactly what was there before.
 */

import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PERMISSION_MODES, type PermissionMode } from "../../src/protocol/permissions.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import type { ScriptStep } from "../support/fake-model/script.ts";
import { createGuardRepo, gitIn } from "../support/guard-repo.ts";
import { runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();
let outside: string | undefined;

afterEach(async () => {
  if (outside) await rm(outside, { recursive: true, force: true });
  outside = undefined;
});

async function setup() {
  const ws = await cli.workspace();
  const repo = await createGuardRepo(ws.cwd, ws.root);
  return { ws, repo, env: ws.env };
}

const shell = (command: string, justification?: string): ScriptStep => ({
  kind: "reply",
  toolCalls: [{ name: "shell", arguments: justification ? { command, justification } : { command } }],
});

/** Runs exec with the model issuing `command`, then again with a justification; returns what the model saw. */
async function drive(
  mode: PermissionMode,
  command: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  extra: ScriptStep[] = [],
) {
  const before = cli.server.requests.length;
  cli.server.enqueue(shell(command), shell(command, "the user asked for a clean slate"), ...extra, {
    kind: "reply",
    text: "done",
  });
  const r = await runTandem(["exec", "--mode", mode, "--json", "go"], { cwd, env, timeoutMs: 30_000 });
  expect(r.stderr).not.toContain("internal error");
  const seen = cli.server.requests.slice(before).map((q) => JSON.stringify(q.body));
  return { r, afterFirst: seen[1] ?? "", afterSecond: seen[2] ?? "", all: seen.join("\n") };
}

async function undo(cwd: string, env: NodeJS.ProcessEnv) {
  const r = await runTandem(["undo"], { cwd, env });
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return r;
}

describe.each(PERMISSION_MODES)("destructive guard in %s mode", (mode) => {
  it("git reset --hard over an uncommitted edit: impact shown, edit never lost, undo restores it", async () => {
    const { ws, env } = await setup();
    await writeFile(join(ws.cwd, "notes.txt"), "precious uncommitted edit\n");
    const run = await drive(mode, "git reset --hard", env, ws.cwd);
    expect(run.afterFirst).toContain("notes.txt");
    expect(run.afterFirst).toContain("justification");
    const now = await readFile(join(ws.cwd, "notes.txt"), "utf8");
    if (mode === "ask")
      expect(now).toBe("precious uncommitted edit\n"); // nobody said yes: not run
    else expect(now).toBe("v1\n"); // it ran, after the backup
    await undo(ws.cwd, env);
    expect(await readFile(join(ws.cwd, "notes.txt"), "utf8")).toBe("precious uncommitted edit\n");
  });

  it("rm -rf src: files counted, then trashed not lost, undo puts them back", async () => {
    const { ws, env } = await setup();
    const run = await drive(mode, "rm -rf src", env, ws.cwd);
    expect(run.afterFirst).toContain("src");
    expect(run.afterFirst).toContain("2 files");
    expect(existsSync(join(ws.cwd, "src"))).toBe(mode === "ask");
    await undo(ws.cwd, env);
    expect(await readFile(join(ws.cwd, "src", "app.ts"), "utf8")).toBe("export const app = 1;\n");
    expect(await readFile(join(ws.cwd, "src", "util.ts"), "utf8")).toBe("export const util = 2;\n");
  });

  it("git clean -fdx: git's dry-run list (ignored files too) shown, undo restores them", async () => {
    const { ws, env } = await setup();
    await writeFile(join(ws.cwd, "debug.log"), "ignored but wanted\n");
    await writeFile(join(ws.cwd, "draft.md"), "untracked draft\n");
    const run = await drive(mode, "git clean -fdx", env, ws.cwd);
    expect(run.afterFirst).toContain("debug.log");
    expect(run.afterFirst).toContain("draft.md");
    expect(existsSync(join(ws.cwd, "debug.log"))).toBe(mode === "ask");
    await undo(ws.cwd, env);
    expect(await readFile(join(ws.cwd, "debug.log"), "utf8")).toBe("ignored but wanted\n");
    expect(await readFile(join(ws.cwd, "draft.md"), "utf8")).toBe("untracked draft\n");
  });

  it("git push --force over a diverged remote: lost commits named, remote restored by undo", async () => {
    const { ws, repo, env } = await setup();
    // Someone else pushed work the local branch does not have.
    const other = join(ws.root, "other");
    gitIn(ws.root, ["clone", "-q", repo.remote, other]);
    await writeFile(join(other, "theirs.txt"), "their work\n");
    gitIn(other, ["add", "theirs.txt"]);
    gitIn(other, ["commit", "-q", "-m", "their important work"]);
    gitIn(other, ["push", "-q", "origin", "main"]);
    await writeFile(join(ws.cwd, "mine.txt"), "mine\n");
    gitIn(ws.cwd, ["add", "mine.txt"]);
    gitIn(ws.cwd, ["commit", "-q", "-m", "my rewrite"]);
    const remoteBefore = gitIn(repo.remote, ["rev-parse", "main"]);

    const run = await drive(mode, "git push --force origin main", env, ws.cwd);
    expect(run.afterFirst).toContain("their important work");
    const remoteAfter = gitIn(repo.remote, ["rev-parse", "main"]);
    if (mode === "full")
      expect(remoteAfter).toBe(gitIn(ws.cwd, ["rev-parse", "main"])); // pushed, with a lease
    else expect(remoteAfter).toBe(remoteBefore); // ask: not approved; auto: the sandbox keeps the remote read-only
    if (mode === "full") expect(run.afterSecond).toContain("--force-with-lease");
    await undo(ws.cwd, env);
    expect(gitIn(repo.remote, ["rev-parse", "main"])).toBe(remoteBefore);
  });

  it("a write outside the workspace never happens (shell redirect and the write tool)", async () => {
    const { ws, env } = await setup();
    // Not under /tmp: the analysis treats /tmp as scratch space.
    outside = await mkdtemp(join(homedir(), ".tandem-guard-outside-"));
    const target = join(outside, "f");
    const run = await drive(mode, `echo x > ${target}`, env, ws.cwd, [
      {
        kind: "reply",
        toolCalls: [{ name: "write", arguments: { path: join(outside, "g"), content: "y" } }],
      },
    ]);
    expect(run.afterFirst).toContain(outside);
    expect(run.all).toContain("outside the workspace");
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(outside, "g"))).toBe(false);
  });
});
