/**
 * Issue #11 ("Speed"): in a workspace that already has its record, a step that declares its writes still goes
 * ahead of its checkpoint (createBefore): it waits for no git of the store (each costs the path to the next
 * request 5–10 ms to start), and its checkpoint, made once the step is done and the pacing lets it, is the
 * workspace before the step: a file the user changed before the step is kept as the user left it, and undo of
 * the step restores exactly its file. A step that follows one whose after-step record is not made yet does not
 * go ahead: that record must not hold the next step's change.
 */
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createUndoJournal, safetyPaths, type UndoJournal } from "../../src/safety/journal.ts";
import { createPacer } from "../../src/safety/pacing.ts";
import { undoLastStep } from "../../src/safety/undo.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { createWriteTool } from "../../src/tools/write.ts";
import { settledWithin } from "../support/held.ts";
import { tempDir, writeFiles } from "./checkpoint-support.ts";

async function entries(journal: UndoJournal, type: "step" | "after", count: number) {
  for (let i = 0; i < 500; i++) {
    const found = (await journal.read()).map(({ entry }) => entry).filter((entry) => entry.type === type);
    if (found.length >= count) return found as Array<{ checkpoint: number; call_id: string }>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the journal never got ${count} ${type} entries`);
}

describe("a step that declares its writes, in a workspace that has its record", () => {
  let root: { dir: string; cleanup: () => void } | undefined;
  afterEach(() => root?.cleanup());

  function workspace(name: string) {
    root = tempDir(name);
    const ws = path.join(root.dir, "ws");
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`src/f${i}.txt`] = `file ${i}\n`;
    writeFiles(ws, files);
    const home = path.join(root.dir, "home");
    const paths = safetyPaths(home, ws);
    return { ws, paths, home, dir: root.dir };
  }

  /** A write of `file` (read first, as the tool requires for a file that exists). */
  const run = (ws: string, callId: string, file: string, content: string) => {
    const fileState = createFileState();
    const write = createWriteTool({ fileState }) as AnyTool;
    const target = path.join(ws, file);
    const args = { path: target, content };
    return {
      call: { callId, tool: write, args, cwd: ws },
      async execute() {
        fileState.recordRead(target, readFileSync(target));
        await write.execute(args, { cwd: ws, callId, signal: new AbortController().signal });
        expect(readFileSync(target, "utf8")).toBe(content);
      },
    };
  };

  it("waits on no git of the store; its checkpoint, made once the hold ends, is the workspace before it", async () => {
    const { ws, paths, dir } = workspace("cp-early-recorded");
    const pacer = createPacer({ maxHoldMs: 60_000 });
    const store = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir, pace: pacer.ready });
    await store.warm();
    await store.create("earlier");
    const journal = createUndoJournal(paths.journal);
    // The gate's urgency is not passed on: a step that waited on the store's git would wait for ever.
    const gate = createSafetyGate({
      mode: "auto",
      workspace: ws,
      checkpoints: store,
      journal,
      trashDir: paths.trashDir,
      pacer: { urgent: () => () => {} },
    });
    writeFileSync(path.join(ws, "src/f2.txt"), "the user's edit before the step\n");
    const expected = await createCheckpointStore({ workspace: ws, storeDir: path.join(dir, "ref") }).create(
      "ref",
    );
    pacer.hold();
    const step = run(ws, "c1", "src/f1.txt", "the agent's version\n");
    expect((await gate.check(step.call)).action).toBe("allow");
    expect(await settledWithin(gate.beforeRun?.(step.call) ?? Promise.resolve(), 10_000)).toBe(true);
    await step.execute();
    await gate.afterRun?.(step.call);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Held: no checkpoint, so no journal entry yet.
    expect((await journal.read()).some(({ entry }) => entry.type === "step")).toBe(false);
    pacer.release();
    gate.requestSent();
    const [made] = await entries(journal, "step", 1);
    await entries(journal, "after", 1);
    const checkpoint = (await store.list()).find((c) => c.seq === made?.checkpoint);
    expect(checkpoint?.tree).toBe(expected.tree);

    writeFileSync(path.join(ws, "src/f3.txt"), "the user's edit after the step\n");
    await undoLastStep(journal, store);
    expect(readFileSync(path.join(ws, "src/f1.txt"), "utf8")).toBe("file 1\n");
    expect(readFileSync(path.join(ws, "src/f2.txt"), "utf8")).toBe("the user's edit before the step\n");
    expect(readFileSync(path.join(ws, "src/f3.txt"), "utf8")).toBe("the user's edit after the step\n");
    await gate.close();
  });

  it("asks git once which of its writes are ignored when none is (not again to put its checkpoint together)", async () => {
    const { ws, paths, dir } = workspace("cp-early-one-check");
    const log = path.join(dir, "calls.log");
    const logging = path.join(dir, "git-logging");
    writeFileSync(logging, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec git "$@"\n`);
    chmodSync(logging, 0o755);
    const store = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir, git: logging });
    await store.warm();
    const reference = createCheckpointStore({ workspace: ws, storeDir: path.join(dir, "ref") });
    const expected = (await reference.create("before")).tree;
    const made = await store.createBefore("edit", {}, [path.join(ws, "src/f1.txt")]);
    expect(made.early).toBe(true);
    writeFileSync(path.join(ws, "src/f1.txt"), "changed\n");
    expect((await made.checkpoint).tree).toBe(expected);
    // Asked once, without the index (the spare started ahead, spare-git.ts); never again with it.
    const checks = readFileSync(log, "utf8")
      .split("\n")
      .filter((line) => line.includes("check-ignore"));
    expect(checks.filter((line) => !line.includes("--no-index"))).toEqual([]);
  });

  it("asks which of its writes are ignored of a git started ahead of it, and is answered right", async () => {
    const { ws, paths, dir } = workspace("cp-early-spare");
    writeFileSync(path.join(ws, ".gitignore"), "*.log\n");
    writeFileSync(path.join(ws, "build.log"), "log\n");
    const log = path.join(dir, "calls.log");
    const logging = path.join(dir, "git-logging");
    writeFileSync(logging, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec git "$@"\n`);
    chmodSync(logging, 0o755);
    const stop = new AbortController();
    const pacer = createPacer({ maxHoldMs: 60_000 });
    const store = createCheckpointStore({
      workspace: ws,
      storeDir: paths.storeDir,
      git: logging,
      pace: pacer.ready,
    });
    await store.warm({ signal: stop.signal });
    const asked = () =>
      readFileSync(log, "utf8")
        .split("\n")
        .filter((line) => line.includes("check-ignore") && line.includes("--no-index")).length;
    for (let i = 0; i < 200 && asked() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    // Started once the record was done, before any step.
    expect(asked()).toBe(1);
    // A response's calls are handled: the next spare waits; a git of the step's own would not (unpaced).
    pacer.hold();
    const made = await store.createBefore("edit", {}, [
      path.join(ws, "build.log"),
      path.join(ws, "src/f1.txt"),
    ]);
    expect(made.early).toBe(true);
    expect(made.covered).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(asked()).toBe(1);
    pacer.release();
    await made.checkpoint;
    stop.abort();
  });

  it("does not go ahead of the last step's after-step record: that record never holds this step's change", async () => {
    const { ws, paths } = workspace("cp-early-after-record");
    const store = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir });
    await store.warm();
    const journal = createUndoJournal(paths.journal);
    // The after-step work waits for a request that never comes (a minute): the second step finds it queued.
    const gate = createSafetyGate({
      mode: "auto",
      workspace: ws,
      checkpoints: store,
      journal,
      trashDir: paths.trashDir,
      afterStartMs: 60_000,
    });
    for (const [callId, file] of [
      ["c1", "src/f1.txt"],
      ["c2", "src/f2.txt"],
    ] as const) {
      const step = run(ws, callId, file, `changed by ${callId}\n`);
      expect((await gate.check(step.call)).action).toBe("allow");
      await gate.beforeRun?.(step.call);
      await step.execute();
      await gate.afterRun?.(step.call);
      // The first step's own checkpoint is made (it is journalled); its after-step record is still queued.
      await entries(journal, "step", 1);
    }
    gate.requestSent();
    await gate.close();
    const steps = await entries(journal, "step", 2);
    const afters = await entries(journal, "after", 2);
    const seqOf = (list: Array<{ checkpoint: number; call_id: string }>, id: string) =>
      list.find((e) => e.call_id === id)?.checkpoint ?? -1;
    // After step 1 and before step 2: the same workspace.
    const between = await store.diff(seqOf(afters, "c1"), { to: seqOf(steps, "c2"), namesOnly: true });
    expect(between.files).toEqual([]);
    const second = await store.diff(seqOf(steps, "c2"), { to: seqOf(afters, "c2"), namesOnly: true });
    expect(second.files.map((f) => f.path)).toEqual(["src/f2.txt"]);

    await undoLastStep(journal, store);
    await undoLastStep(journal, store);
    expect(readFileSync(path.join(ws, "src/f1.txt"), "utf8")).toBe("file 1\n");
    expect(readFileSync(path.join(ws, "src/f2.txt"), "utf8")).toBe("file 2\n");
  });
});
