/**
 * Regressions (issue #9, item 8): undo never silently reverts what the user did after (or while) the agent's
 * step. Files the user changed after the step keep the user's version and are named; files the step changed are
 * restored; files it did not change are not touched. A file the user saved while a shell command ran, which the
 * command then overwrote, is named and recoverable from a checkpoint. Real git, real shell, the real gate.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createUndoJournal, safetyPaths, type UndoJournal } from "../../src/safety/journal.ts";
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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** Waits until the gate has recorded what the step left (it does so after the call, off the critical path). */
async function settled(journal: UndoJournal, callId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await journal.read()).some(({ entry }) => entry.type === "after" && entry.call_id === callId))
      return;
    await sleep(25);
  }
}

async function setup() {
  root = await mkdtemp(join(tmpdir(), "tandem-undo-user-"));
  const ws = join(root, "ws");
  await mkdir(ws);
  git(ws, ["init", "-q", "-b", "main"]);
  for (const name of ["a.txt", "b.txt", "c.txt"]) await writeFile(join(ws, name), `${name} committed\n`);
  git(ws, ["add", "."]);
  git(ws, ["commit", "-qm", "one"]);
  const paths = safetyPaths(join(root, "home"), ws);
  const store = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir });
  const journal = createUndoJournal(paths.journal);
  const gate = createSafetyGate({
    mode: "auto",
    workspace: ws,
    checkpoints: store,
    journal,
    trashDir: paths.trashDir,
    runCheckpointMs: 200,
  });
  const shell = createShellTool({ baseEnv: env }) as AnyTool;
  let n = 0;
  /** Runs a shell call the way the loop does (a justified re-issue when the guard stops it first). */
  async function run(command: string, during?: () => Promise<void>) {
    const callId = `call-${++n}`;
    let args: Record<string, unknown> = { command };
    if ((await gate.check({ callId, tool: shell, args, cwd: ws })).action === "deny")
      args = { command, justification: "test" };
    const call = { callId, tool: shell, args, cwd: ws };
    expect((await gate.check(call)).action).toBe("allow");
    await gate.beforeRun?.(call);
    const running = shell.execute(args, { cwd: ws, callId, signal: new AbortController().signal });
    await during?.();
    await running;
    await gate.afterRun?.(call);
    // The loop's next model request goes out: the after-step work waiting for it starts.
    gate.requestSent();
    await settled(journal, callId);
  }
  const read = (name: string) => readFile(join(ws, name), "utf8");
  return { ws, store, journal, run, read };
}

describe("undo keeps what the user changed after the step", () => {
  it("a file the step changed and the user changed again keeps the user's version and is named", async () => {
    const { ws, store, journal, run, read } = await setup();
    await run("echo agent > a.txt && echo agent > b.txt");
    await writeFile(join(ws, "a.txt"), "user after the step\n");
    await writeFile(join(ws, "c.txt"), "user edit elsewhere\n");
    const undone = await undoLastStep(journal, store);
    expect(await read("a.txt")).toBe("user after the step\n");
    expect(undone?.kept).toEqual(["a.txt"]);
    expect(undone?.lines.join("\n")).toContain("kept your changes made after this step to: a.txt");
    expect(await read("b.txt")).toBe("b.txt committed\n");
    // Not the step's file: never touched by its undo.
    expect(await read("c.txt")).toBe("user edit elsewhere\n");
  });

  it("with overwrite the user's later version is reverted too, named, and kept in the redo checkpoint", async () => {
    const { ws, store, journal, run, read } = await setup();
    await run("echo agent > a.txt && echo agent > b.txt");
    await writeFile(join(ws, "a.txt"), "user after the step\n");
    const undone = await undoLastStep(journal, store, undefined, { overwrite: true });
    expect(undone?.lines.join("\n")).toContain("reverted although changed after this step: a.txt");
    expect(await read("a.txt")).toBe("a.txt committed\n");
    expect(await read("b.txt")).toBe("b.txt committed\n");
    await store.restore(undone?.redo as number);
    expect(await read("a.txt")).toBe("user after the step\n");
  });

  it("undoing a destructive step's backup does not overwrite a file the user changed since", async () => {
    const { ws, store, journal, run, read } = await setup();
    await writeFile(join(ws, "a.txt"), "uncommitted before\n");
    await writeFile(join(ws, "b.txt"), "uncommitted b\n");
    await run("git checkout .");
    expect(await read("a.txt")).toBe("a.txt committed\n");
    await writeFile(join(ws, "a.txt"), "user after the step\n");
    const undone = await undoLastStep(journal, store);
    expect(await read("a.txt")).toBe("user after the step\n");
    expect(undone?.kept).toEqual(["a.txt"]);
    expect(await read("b.txt")).toBe("uncommitted b\n");
  });

  it("an edit saved while a shell command ran and then overwritten by it is named and recoverable", async () => {
    const { ws, store, journal, run, read } = await setup();
    await run("sleep 1.5; echo command > a.txt", async () => {
      await sleep(500);
      await writeFile(join(ws, "a.txt"), "user mid-run\n");
    });
    expect(await read("a.txt")).toBe("command\n");
    const undone = await undoLastStep(journal, store);
    const line = undone?.lines.find((l) => l.startsWith("a.txt changed while the step ran"));
    expect(line).toContain("kept in checkpoint");
    const seq = Number(/checkpoint (\d+)$/.exec(line ?? "")?.[1]);
    await store.restore(seq);
    expect(await read("a.txt")).toBe("user mid-run\n");
  });

  it("checkpoints taken while a command runs leave out big changed files; the one after it has them", async () => {
    const { store, journal, run } = await setup();
    await run("head -c 2000000 /dev/zero > big.bin && echo mid > small.txt && sleep 1.2");
    const entries = (await journal.read()).map(({ entry }) => entry);
    const step = entries.find((e) => e.type === "step");
    const after = entries.find((e) => e.type === "after");
    if (step?.type !== "step" || after?.type !== "after") throw new Error("the step was not journaled");
    expect(after.during?.length).toBeGreaterThan(0);
    for (const seq of after.during ?? []) {
      const files = (await store.diff(step.checkpoint, { to: seq })).files.map((f) => f.path);
      expect(files).toContain("small.txt");
      expect(files).not.toContain("big.bin");
    }
    const all = (await store.diff(step.checkpoint, { to: after.checkpoint })).files.map((f) => f.path);
    expect(all).toContain("big.bin");
  });
});
