/**
 * The step backups leave the git directory unwalked for a step whose declared writes (a file tool's
 * `paths().writes`) cannot reach it, and walk it whenever one can: through a symlinked folder, a dangling link,
 * a folder the write would create under a link, a link with `..`, or `.git` named outright. Each reaching case
 * is checked by what undo would do: the step "deletes" a ref, and the plan must bring it back; a fast path that
 * missed the reach would leave the plan empty. Last, through the real gate: a `write` step is not walked, a
 * shell step is.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createCheckpointStore, createStepBackups } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { safetyPaths } from "../../src/safety/journal.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { createWriteTool } from "../../src/tools/write.ts";
import { git, gitEnv } from "./step-backups-support.ts";

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

async function repo() {
  root = await mkdtemp(join(tmpdir(), "tandem-declared-writes-"));
  const ws = join(root, "ws");
  git(root, ["init", "-q", "-b", "main", ws]);
  await writeFile(join(ws, "a.txt"), "a\n");
  git(ws, ["add", "-A"]);
  git(ws, ["commit", "-qm", "one"]);
  const paths = safetyPaths(join(root, "home"), ws);
  // The ignored-file backup reads the checkpoint store's ignore rules: the store exists first, as in a session.
  await createCheckpointStore({ workspace: ws, storeDir: paths.storeDir }).create("start", {});
  const backups = createStepBackups({ workspace: ws, storeDir: paths.storeDir, dir: paths.dataDir });
  await backups.warm();
  const gitLog = join(paths.dataDir, "git", "snapshots.jsonl");
  return { ws, backups, gitLog, paths };
}

/** A step declared to write `writes` that deletes the main branch's ref; what undo's plan would restore. */
async function stepDeletingRef(ws: string, backups: ReturnType<typeof createStepBackups>, writes: string[]) {
  const key = await backups.before({ writes });
  rmSync(join(ws, ".git", "refs", "heads", "main"));
  await backups.after(key);
  return (await backups.plan(key)).git.map((a) => a.path);
}

describe("step backups and a file tool's declared writes", () => {
  it("does not walk the git directory for a write that cannot reach it", async () => {
    const { ws, backups, gitLog } = await repo();
    const before = readFileSync(gitLog, "utf8");
    // Damage the step could not have done: the plan does not claim it, and no git snapshot was taken.
    expect(await stepDeletingRef(ws, backups, [join(ws, "a.txt"), join(ws, "new", "b.txt")])).toEqual([]);
    expect(readFileSync(gitLog, "utf8")).toBe(before);
  });

  it("walks it when the write names the git directory outright", async () => {
    const { ws, backups } = await repo();
    expect(await stepDeletingRef(ws, backups, [join(ws, ".git", "config")])).toContain("refs/heads/main");
  });

  it("walks it when the write names a new entry in it whose name starts with `..`", async () => {
    const { ws, backups } = await repo();
    expect(await stepDeletingRef(ws, backups, [join(ws, ".git", "..new")])).toContain("refs/heads/main");
  });

  it("walks it when the write goes through a symlinked folder", async () => {
    const { ws, backups } = await repo();
    symlinkSync(join(ws, ".git", "refs"), join(ws, "link"));
    expect(await stepDeletingRef(ws, backups, [join(ws, "link", "heads", "x")])).toContain("refs/heads/main");
  });

  it("walks it when the write would create folders under a symlinked folder", async () => {
    const { ws, backups } = await repo();
    symlinkSync(".git", join(ws, "link"));
    expect(await stepDeletingRef(ws, backups, [join(ws, "link", "new", "deep", "f")])).toContain(
      "refs/heads/main",
    );
  });

  it("walks it when the write goes through a dangling link into it", async () => {
    const { ws, backups } = await repo();
    symlinkSync(join(ws, ".git", "info", "new-file"), join(ws, "dangling"));
    expect(existsSync(join(ws, "dangling"))).toBe(false);
    expect(await stepDeletingRef(ws, backups, [join(ws, "dangling")])).toContain("refs/heads/main");
  });

  it("walks it when a link's `..` leads into it", async () => {
    const { ws, backups } = await repo();
    symlinkSync(join(ws, ".git", "refs"), join(ws, "refs-link"));
    // refs-link/.. is .git (the link's target's parent), not the workspace.
    symlinkSync("refs-link/../logs", join(ws, "up"));
    expect(await stepDeletingRef(ws, backups, [join(ws, "up", "x")])).toContain("refs/heads/main");
  });
});

describe("the gate passes a file tool's declared writes to the step backups", () => {
  it("walks the git directory around a shell step, not around a write step", async () => {
    const { ws, gitLog, backups, paths } = await repo();
    const gate = createSafetyGate({
      mode: "auto",
      workspace: ws,
      checkpoints: createCheckpointStore({ workspace: ws, storeDir: paths.storeDir }),
      stepBackups: backups,
      trashDir: paths.trashDir,
      runCheckpointMs: 0,
    });
    const snapshots = () => readFileSync(gitLog, "utf8").trim().split("\n").length;
    const signal = new AbortController().signal;
    async function step(tool: AnyTool, args: Record<string, unknown>, callId: string) {
      const call = { callId, tool, args, cwd: ws };
      expect((await gate.check(call)).action).toBe("allow");
      await gate.beforeRun?.(call);
      await tool.execute(args, { cwd: ws, callId, signal });
      await gate.afterRun?.(call);
      await gate.close();
    }
    // Each step changes .git (a new loose object), so a walk of it records a new snapshot.
    const write = createWriteTool({ fileState: createFileState({ cwd: ws }) }) as AnyTool;
    const shell = createShellTool({ baseEnv: gitEnv }) as AnyTool;
    const hashObject = (text: string) =>
      execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: ws, input: text, env: gitEnv });
    let before = snapshots();
    hashObject("one\n");
    await step(write, { path: "b.txt", content: "b\n" }, "w1");
    expect(snapshots()).toBe(before);
    before = snapshots();
    hashObject("two\n");
    await step(shell, { command: "echo c > c.txt" }, "s1");
    expect(snapshots()).toBeGreaterThan(before);
  });
});
