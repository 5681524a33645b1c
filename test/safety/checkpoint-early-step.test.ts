/**
 * Issue #10 ("Speed at scale"): a step whose tool names every file it writes does not wait for the workspace's
 * first record (createBefore). Its files are saved as they are; once the record is done, the record with them put
 * back is the workspace before the step, exactly: the same tree a checkpoint taken before the step records, and
 * undo of the step brings back exactly those files. The first record is held (`beforeFirstRecord`) so the step
 * really runs before it.
 */
import {
  chmodSync,
  existsSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { undoLast } from "../../src/app/workspace-history.ts";
import type { AnyTool } from "../../src/core/tool.ts";
import { createCheckpointStore, createStepBackups } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../../src/safety/journal.ts";
import { undoLastStep } from "../../src/safety/undo.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { createWriteTool } from "../../src/tools/write.ts";
import { settledWithin } from "../support/held.ts";
import { readTree, storeWithHeldRecord, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("a step that goes ahead of the first record", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  beforeEach(() => {
    root = tempDir("cp-early");
    ws = path.join(root.dir, "ws");
    const files: Record<string, string> = {
      ".gitignore": "*.log\n",
      "keep.log": "ignored\n",
      "run.sh": "#!/bin/sh\n",
    };
    for (let i = 0; i < 200; i++) files[`d${i % 10}/f${i}.txt`] = `file ${i}\n`;
    writeFiles(ws, files);
    chmodSync(path.join(ws, "run.sh"), 0o755);
    symlinkSync("d0/f0.txt", path.join(ws, "link"));
  });
  afterEach(() => root.cleanup());

  /** The tree a checkpoint of the workspace as it is now records (another store, not held). */
  async function treeNow(): Promise<string> {
    const other = createCheckpointStore({
      workspace: ws,
      storeDir: path.join(root.dir, `ref-${Math.random()}`),
    });
    return (await other.create("reference")).tree;
  }

  it("saves the declared files, does not wait, and its checkpoint is the workspace before the step", async () => {
    const before = readTree(ws);
    const expected = await treeNow();
    const { record, store } = storeWithHeldRecord({
      workspace: ws,
      storeDir: path.join(root.dir, "store"),
    });
    const warming = store.warm();
    await record.reached;
    let finished = () => {};
    const stepDone = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const writes = ["d1/f1.txt", "run.sh", "new/made.txt", "link", "keep.log"].map((p) => path.join(ws, p));
    const made = await store.createBefore("edit", { callId: "c1" }, writes, { stepDone });
    expect(made.early).toBe(true);
    // keep.log is ignored: the checkpoint does not record it, so the step still needs its other backups.
    expect(made.covered).toBe(false);
    expect(await settledWithin(made.checkpoint)).toBe(false);

    // The step, half of it before the record reads the workspace: an atomic write (a temporary file the record
    // sees, then renamed into place), a new file, a write through the link, an executable made plain, an
    // ignored file changed.
    writeFileSync(path.join(ws, "d1/.f1.txt.tmp"), "the step's version\n");
    writeFiles(ws, { "new/made.txt": "created\n", "keep.log": "changed\n" });
    record.release();
    while (!existsSync(path.join(root.dir, "store", "index"))) await new Promise((r) => setTimeout(r, 5));
    // The step is slower than what is left of the record: its checkpoint must wait for its end, not just the record.
    await new Promise((resolve) => setTimeout(resolve, 700));
    renameSync(path.join(ws, "d1/.f1.txt.tmp"), path.join(ws, "d1/f1.txt"));
    writeFileSync(path.join(ws, "link"), "through the link\n");
    chmodSync(path.join(ws, "run.sh"), 0o644);
    writeFileSync(path.join(ws, "run.sh"), "echo changed\n");
    const after = readTree(ws);
    finished();
    const checkpoint = await made.checkpoint;
    await warming;
    expect(checkpoint.tree).toBe(expected);
    const next = await store.create("after");
    const stepFiles = (await store.diff(checkpoint.seq, { to: next.seq, namesOnly: true })).files;
    expect(stepFiles.map((f) => f.path).sort()).toEqual(["d0/f0.txt", "d1/f1.txt", "new/made.txt", "run.sh"]);

    // Undo of that step, as `tandem undo` does it: only those files go back, with their bytes and mode.
    writeFileSync(path.join(ws, "d2/f2.txt"), "the user's later edit\n");
    await store.restore(checkpoint.seq, { paths: stepFiles.map((f) => f.path) });
    const undone = readTree(ws);
    expect(undone["d2/f2.txt"]).toBe("the user's later edit\n");
    expect({ ...undone, "d2/f2.txt": before["d2/f2.txt"], "keep.log": before["keep.log"] }).toEqual(before);
    expect(readFileSync(path.join(ws, "keep.log"), "utf8")).toBe("changed\n"); // ignored: never recorded
    expect(existsSync(path.join(ws, "new/made.txt"))).toBe(false);
    expect(existsSync(path.join(ws, "d1/.f1.txt.tmp"))).toBe(false);
    expect(statSync(path.join(ws, "run.sh")).mode & 0o111).not.toBe(0);
    expect(after).not.toEqual(before);
  });

  it("a file whose name starts with `..` is saved like any other: its checkpoint holds it as it was", async () => {
    writeFileSync(path.join(ws, "..notes"), "before\n");
    const expected = await treeNow();
    const { record, store } = storeWithHeldRecord({
      workspace: ws,
      storeDir: path.join(root.dir, "store"),
    });
    const warming = store.warm();
    await record.reached;
    const made = await store.createBefore("edit", { callId: "c1" }, [path.join(ws, "..notes")]);
    expect(made.early).toBe(true);
    expect(made.covered).toBe(true);
    writeFileSync(path.join(ws, "..notes"), "the step's version\n");
    record.release();
    await warming;
    expect((await made.checkpoint).tree).toBe(expected);
  });

  it("without the early path the same step waits for the record (the figure this saves)", async () => {
    const { record, store } = storeWithHeldRecord({
      workspace: ws,
      storeDir: path.join(root.dir, "store"),
    });
    const warming = store.warm();
    await record.reached;
    const waiting = store.create("edit");
    expect(await settledWithin(waiting)).toBe(false);
    record.release();
    await waiting;
    await warming;
  });

  it("a write it cannot save exactly (a directory) waits for the record as before", async () => {
    const { record, store } = storeWithHeldRecord({
      workspace: ws,
      storeDir: path.join(root.dir, "store"),
    });
    const warming = store.warm();
    await record.reached;
    const made = await store.createBefore("edit", {}, [path.join(ws, "d3")]);
    expect(made.early).toBe(false);
    expect(await settledWithin(made.checkpoint)).toBe(false);
    record.release();
    expect((await made.checkpoint).filesChanged).toBeGreaterThan(200);
    await warming;
  });

  it("once the record is done, a step still goes ahead (test/safety/checkpoint-early-recorded.test.ts)", async () => {
    const store = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    await store.warm();
    const made = await store.createBefore("edit", {}, [path.join(ws, "d1/f1.txt")]);
    expect(made.early).toBe(true);
    expect((await made.checkpoint).tree).toBe(await treeNow());
  });

  it("the session's end does not stop a record an early step needs: warm() settles with its checkpoint made", async () => {
    const { record, store } = storeWithHeldRecord({
      workspace: ws,
      storeDir: path.join(root.dir, "store"),
    });
    const expected = await treeNow();
    const stop = new AbortController();
    const warming = store.warm({ signal: stop.signal });
    await record.reached;
    const journalled: number[] = [];
    const made = await store.createBefore("edit", {}, [path.join(ws, "d1/f1.txt")], {
      afterCheckpoint: async (checkpoint) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        journalled.push(checkpoint.seq);
      },
    });
    expect(made).toMatchObject({ early: true, covered: true });
    writeFileSync(path.join(ws, "d1/f1.txt"), "the step\n");
    stop.abort();
    record.release();
    await warming;
    // What the caller does with the checkpoint (the gate's journal entry) is done too.
    expect(journalled).toEqual([1]);
    expect(await settledWithin(made.checkpoint)).toBe(true);
    expect((await made.checkpoint).tree).toBe(expected);
  });
});

describe("through the gate: an early write step, undone", () => {
  let root: { dir: string; cleanup: () => void };
  afterEach(() => root.cleanup());

  /** A workspace holding `files` and its store, whose first record waits at `record.reached` for `release()`. */
  function heldWorkspace(name: string, files: Record<string, string>) {
    root = tempDir(name);
    const ws = path.join(root.dir, "ws");
    writeFiles(ws, files);
    const paths = safetyPaths(path.join(root.dir, "home"), ws);
    const { record, store } = storeWithHeldRecord({
      workspace: ws,
      storeDir: paths.storeDir,
    });
    return { ws, paths, record, store };
  }

  /** `count` small files spread over ten folders. */
  function numbered(count: number): Record<string, string> {
    const files: Record<string, string> = {};
    for (let i = 0; i < count; i++) files[`d${i % 10}/f${i}.txt`] = `file ${i}\n`;
    return files;
  }

  it("a write step that waits for the record (another step went ahead) hears its progress", async () => {
    const { ws, paths, record, store } = heldWorkspace("cp-early-progress", numbered(300));
    const gate = createSafetyGate({
      mode: "auto",
      workspace: ws,
      checkpoints: store,
      trashDir: paths.trashDir,
      progress: { afterMs: 0, everyMs: 0 },
    });
    const warming = store.warm();
    await record.reached;
    let firstDone = () => {};
    const first = await store.createBefore("first", {}, [path.join(ws, "d0/f0.txt")], {
      stepDone: new Promise<void>((resolve) => {
        firstDone = resolve;
      }),
    });
    expect(first.early).toBe(true);
    const write = createWriteTool({ fileState: createFileState() }) as AnyTool;
    const call = {
      callId: "c2",
      tool: write,
      args: { path: path.join(ws, "new.txt"), content: "x\n" },
      cwd: ws,
    };
    expect((await gate.check(call)).action).toBe("allow");
    const heard: number[] = [];
    const preparing = gate.beforeRun?.(call, (progress) => heard.push(progress.done)) ?? Promise.resolve();
    record.release();
    firstDone();
    await preparing;
    await warming;
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.at(-1)).toBeGreaterThanOrEqual(300);
  });

  it("a write to an ignored file still gets its step backup, and undo brings the file back", async () => {
    const { ws, paths, record, store } = heldWorkspace("cp-early-ignored", {
      ".gitignore": "*.log\n",
      "build.log": "the user's log\n",
      "a.txt": "a\n",
    });
    const backups = createStepBackups({ workspace: ws, storeDir: paths.storeDir, dir: paths.dataDir });
    const journal = createUndoJournal(paths.journal);
    const gate = createSafetyGate({
      mode: "auto",
      workspace: ws,
      checkpoints: store,
      stepBackups: backups,
      journal,
      trashDir: paths.trashDir,
    });
    const warming = store.warm();
    await record.reached;
    const fileState = createFileState();
    const write = createWriteTool({ fileState }) as AnyTool;
    const target = path.join(ws, "build.log");
    fileState.recordRead(target, readFileSync(target));
    const args = { path: target, content: "overwritten\n" };
    const call = { callId: "c1", tool: write, args, cwd: ws };
    expect((await gate.check(call)).action).toBe("allow");
    await gate.beforeRun?.(call);
    await write.execute(args, { cwd: ws, callId: "c1", signal: new AbortController().signal });
    await gate.afterRun?.(call);
    record.release();
    await warming;
    while (!(await journal.read()).some(({ entry }) => entry.type === "after"))
      await new Promise((resolve) => setTimeout(resolve, 20));
    await undoLastStep(journal, store, backups);
    expect(readFileSync(target, "utf8")).toBe("the user's log\n");
  });

  it("the step runs before the first record is done; `undo` restores exactly its files", async () => {
    const { ws, paths, record, store } = heldWorkspace("cp-early-gate", numbered(200));
    const journal = createUndoJournal(paths.journal);
    const gate = createSafetyGate({
      mode: "auto",
      workspace: ws,
      checkpoints: store,
      journal,
      trashDir: paths.trashDir,
    });
    const warming = store.warm();
    await record.reached;
    const fileState = createFileState();
    const write = createWriteTool({ fileState }) as AnyTool;
    const target = path.join(ws, "d1/f1.txt");
    fileState.recordRead(target, readFileSync(target));
    const before = readTree(ws);
    const step = async (callId: string, args: Record<string, unknown>, early: boolean) => {
      const call = { callId, tool: write, args, cwd: ws };
      expect((await gate.check(call)).action).toBe("allow");
      const preparing = gate.beforeRun?.(call) ?? Promise.resolve();
      // The first step does not wait for the held record; the second waits for it (one early step at a time).
      expect(await settledWithin(preparing)).toBe(early);
      if (!early) record.release();
      await preparing;
      await write.execute(args, { cwd: ws, callId, signal: new AbortController().signal });
      await gate.afterRun?.(call);
    };
    await step("c1", { path: target, content: "the agent's version\n" }, true);
    // Not in the journal yet: an undo now says so and changes nothing (it would reverse an older step).
    const asked = await undoLast(path.join(root.dir, "home"), ws);
    expect(asked.ok).toBe(false);
    expect(asked.lines.join("\n")).toMatch(/still being made.*nothing was undone/);
    expect(readFileSync(target, "utf8")).toBe("the agent's version\n");
    await step("c2", { path: path.join(ws, "notes.txt"), content: "new notes\n" }, false);
    await warming;
    // Each step's `after` record follows its own entry.
    for (;;) {
      const entries = (await journal.read()).map(({ entry }) => entry.type);
      if (entries.filter((t) => t === "after").length === 2) {
        expect(entries).toEqual(["step", "after", "step", "after"]);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    writeFileSync(path.join(ws, "d2/f2.txt"), "the user's own edit\n");
    await undoLastStep(journal, store);
    expect(existsSync(path.join(ws, "notes.txt"))).toBe(false);
    expect(readFileSync(target, "utf8")).toBe("the agent's version\n");
    await undoLastStep(journal, store);
    expect({ ...readTree(ws), "d2/f2.txt": before["d2/f2.txt"] }).toEqual(before);
    expect(readFileSync(path.join(ws, "d2/f2.txt"), "utf8")).toBe("the user's own edit\n");
  });
});
