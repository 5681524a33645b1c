/**
 * The after-step work (the checkpoint after a step, the step backups' `after`, the journal's `after` record)
 * waits until the next model request is written (`requestSent`), so its git processes do not compete with
 * sending it (issue #11's gap). It must still be recorded before the next step changes anything: the next
 * `beforeRun` starts it and waits for it. A turn that sends no request (it ended) starts it after
 * `afterStartMs`; `close()` finishes it. Real git, real shell, the real gate.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createCheckpointStore, createStepBackups } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../../src/safety/journal.ts";
import { createShellTool } from "../../src/tools/shell.ts";

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@t.invalid",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@t.invalid",
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

async function setup(afterStartMs: number) {
  root = await mkdtemp(join(tmpdir(), "tandem-after-start-"));
  const ws = join(root, "ws");
  await mkdir(ws);
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: ws, env });
  await writeFile(join(ws, "a.txt"), "a\n");
  const paths = safetyPaths(join(root, "home"), ws);
  const store = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir });
  const journal = createUndoJournal(paths.journal);
  const gate = createSafetyGate({
    mode: "auto",
    workspace: ws,
    checkpoints: store,
    stepBackups: createStepBackups({ workspace: ws, storeDir: paths.storeDir, dir: paths.dataDir }),
    journal,
    trashDir: paths.trashDir,
    runCheckpointMs: 0,
    afterStartMs,
  });
  const shell = createShellTool({ baseEnv: env }) as AnyTool;
  let n = 0;
  /** Checks and prepares a changing call; `finish` runs it and ends it the way the loop does. */
  async function prepare(command: string) {
    const call = { callId: `call-${++n}`, tool: shell, args: { command }, cwd: ws };
    expect((await gate.check(call)).action).toBe("allow");
    await gate.beforeRun?.(call);
    return {
      callId: call.callId,
      async finish() {
        await shell.execute(call.args, {
          cwd: ws,
          callId: call.callId,
          signal: new AbortController().signal,
        });
        await gate.afterRun?.(call);
      },
    };
  }
  const types = async () =>
    (await journal.read()).map(({ entry }) => `${entry.type}:${"call_id" in entry ? entry.call_id : ""}`);
  return { gate, prepare, types, store };
}

describe("the gate's after-step work", () => {
  it("waits for the next request, and starts once it is written", async () => {
    const { gate, prepare, types } = await setup(60_000);
    const one = await prepare("echo 1 > a.txt");
    await one.finish();
    await sleep(300);
    // Held back: no request was written yet.
    expect(await types()).toEqual([`step:${one.callId}`]);
    gate.requestSent();
    await gate.close();
    expect(await types()).toEqual([`step:${one.callId}`, `after:${one.callId}`]);
  });

  it("is recorded before the next step's checkpoint, even when no request came between", async () => {
    const { prepare, types, store } = await setup(60_000);
    const one = await prepare("echo 1 > a.txt");
    await one.finish();
    // The next changing step: its beforeRun starts the waiting work and waits for it before its own checkpoint.
    const two = await prepare("echo 2 > a.txt");
    expect(await types()).toEqual([`step:${one.callId}`, `after:${one.callId}`, `step:${two.callId}`]);
    // The record after step one holds what step one left, not anything of step two.
    const list = await store.list();
    const after = list.find((c) => c.meta?.callId === one.callId && c.meta?.after === true);
    expect(after).toBeDefined();
    await two.finish();
  });

  it("starts on its own when no request follows (the turn ended), and close() waits for it", async () => {
    const { gate, prepare, types } = await setup(50);
    const one = await prepare("echo 1 > a.txt");
    await one.finish();
    for (let i = 0; i < 100 && (await types()).length < 2; i++) await sleep(50);
    expect(await types()).toEqual([`step:${one.callId}`, `after:${one.callId}`]);
    const two = await prepare("echo 2 > a.txt");
    await two.finish();
    await gate.close();
    expect((await types()).at(-1)).toBe(`after:${two.callId}`);
  });
});
