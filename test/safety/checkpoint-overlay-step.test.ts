/**
 * Issue #10 ("Speed at scale"): a command step that comes while the workspace's first record is being built runs
 * on an overlay of the workspace (overlay-steps.ts) instead of waiting for the record: the command (real
 * bubblewrap) changes nothing in the workspace, the record records the workspace before the step, which becomes
 * the step's checkpoint; then the command's changes are merged in. Meanwhile later steps wait (undo is told a step
 * is pending, no file step goes ahead of the merge), and a session that ends before the merge leaves the changes
 * for the next session to merge, which says so.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { clearOverlayProbe, createSandbox, type OverlayRun, type Sandbox } from "../../src/sandbox/index.ts";
import { settledWithin } from "../support/held.ts";
import { readTree, storeWithHeldRecord, tempDir, writeFiles } from "./checkpoint-support.ts";

/** Runs `script` as the shell tool would, with the overlay the store chose (if any). */
function runCommand(sandbox: Sandbox, ws: string, script: string, overlay: OverlayRun | undefined) {
  const prepared = sandbox.prepare(["bash", "-c", script], ws, overlay ? { overlay } : {});
  const [file, ...args] = prepared.argv;
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(file as string, args, { cwd: ws, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.on("close", (code) => {
      prepared.finish();
      resolve({ code, out });
    });
  });
}

describe("a command step during the first record", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  beforeEach(() => {
    root = tempDir("cp-overlay");
    ws = path.join(root.dir, "ws");
    const files: Record<string, string> = { "notes.txt": "one\ntwo\n", "gone.txt": "bye\n" };
    for (let i = 0; i < 200; i++) files[`d${i % 10}/f${i}.txt`] = `file ${i}\n`;
    writeFiles(ws, files);
  });
  afterEach(() => root.cleanup());

  async function treeNow(): Promise<string> {
    const other = createCheckpointStore({
      workspace: ws,
      storeDir: path.join(root.dir, `ref-${Math.random()}`),
    });
    return (await other.create("reference")).tree;
  }

  function heldStore() {
    const { record, store } = storeWithHeldRecord({
      workspace: ws,
      storeDir: path.join(root.dir, "store"),
      canOverlay: () => true,
      overlayMinEntries: 0,
    });
    return { record, store };
  }

  it("runs at once on an overlay; its checkpoint is the workspace before it; then its changes are merged", async () => {
    const before = readTree(ws);
    const expected = await treeNow();
    const { record, store } = heldStore();
    const warming = store.warm();
    await record.reached;
    // The probe runs alongside the record.
    await new Promise((resolve) => setTimeout(resolve, 300));
    let finished = () => {};
    const stepDone = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const made = store.createOverlaid?.("c1", "shell: edit", { callId: "c1" }, { stepDone });
    expect(made).toMatchObject({ early: true, covered: false });
    const overlay = store.claimOverlay?.("c1");
    expect(overlay).toBeDefined();
    const sandbox = createSandbox({ workspace: ws, home: path.join(root.dir, "home") });
    const r = await runCommand(
      sandbox,
      ws,
      "echo 2 > notes.txt && rm gone.txt && mkdir new && echo n > new/n.txt && cat notes.txt",
      overlay,
    );
    expect(r).toEqual({ code: 0, out: "2\n" });
    // The record has not even started: the command answered, and the workspace is as it was.
    expect(readTree(ws)).toEqual(before);
    expect(await store.stepPending()).toBe(true);
    expect(await settledWithin(store.overlaysMerged?.())).toBe(false);
    // No file step goes ahead of the merge.
    const file = await store.createBefore("edit", {}, [path.join(ws, "d1/f1.txt")]);
    expect(file.early).toBe(false);
    finished();
    record.release();
    const checkpoint = await made?.checkpoint;
    await store.overlaysMerged?.();
    expect(checkpoint?.tree).toBe(expected);
    expect(readFileSync(path.join(ws, "notes.txt"), "utf8")).toBe("2\n");
    expect(existsSync(path.join(ws, "gone.txt"))).toBe(false);
    expect(readFileSync(path.join(ws, "new/n.txt"), "utf8")).toBe("n\n");
    await file.checkpoint;
    await warming;
    expect(await store.stepPending()).toBe(false);
    // The step's changes, as the after-step checkpoint records them; undo of the step brings back exactly `before`.
    const after = await store.create("after");
    const changed = (await store.diff(checkpoint?.seq ?? 0, { to: after.seq, namesOnly: true })).files;
    expect(changed.map((f) => `${f.status} ${f.path}`).sort()).toEqual([
      "A new/n.txt",
      "D gone.txt",
      "M notes.txt",
    ]);
    await store.restore(checkpoint?.seq ?? 0);
    expect(readTree(ws)).toEqual(before);
    expect(
      existsSync(path.join(root.dir, "store", "overlays"))
        ? readTree(path.join(root.dir, "store", "overlays"))
        : {},
    ).toEqual({});
  });

  it("a command spawned before the gate asked is never taken for an overlaid one", async () => {
    const { record, store } = heldStore();
    const warming = store.warm();
    await record.reached;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(store.claimOverlay?.("c2")).toBeUndefined();
    expect(store.createOverlaid?.("c2", "shell", {}, {})).toBeUndefined();
    record.release();
    await warming;
  });

  it("without an overlay-capable sandbox the step waits for the record, as before", async () => {
    const { record, store } = storeWithHeldRecord({
      workspace: ws,
      storeDir: path.join(root.dir, "store"),
    });
    const warming = store.warm();
    await record.reached;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(store.createOverlaid?.("c3", "shell", {}, {})).toBeUndefined();
    record.release();
    await warming;
  });

  it("where the probe says an overlay cannot be mounted, the step waits for the record, as before", async () => {
    // overlayfs cannot name a folder with a comma: the probe (beside the store) answers no.
    clearOverlayProbe();
    try {
      const { record, store } = storeWithHeldRecord({
        workspace: ws,
        storeDir: path.join(root.dir, "a,b", "store"),
        canOverlay: () => true,
        overlayMinEntries: 0,
      });
      const warming = store.warm();
      await record.reached;
      expect(store.createOverlaid?.("c4", "shell", {}, {})).toBeUndefined();
      expect(store.claimOverlay?.("c4")).toBeUndefined();
      record.release();
      await warming;
    } finally {
      clearOverlayProbe();
    }
  });

  it("a session that ended before the merge: the next one merges the command's changes first and says so", async () => {
    const store = createCheckpointStore({
      workspace: ws,
      storeDir: path.join(root.dir, "store"),
      canOverlay: () => true,
      overlayMinEntries: 0,
    });
    await store.warm();
    // What a killed session leaves: an overlay run whose process is gone.
    const dead = spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" }).stdout.trim();
    const left = path.join(root.dir, "store", "overlays", `${dead}-1-0`);
    const sandbox = createSandbox({ workspace: ws, home: path.join(root.dir, "home") });
    const run = { upper: path.join(left, "upper"), work: path.join(left, "work") };
    mkdirSync(run.upper, { recursive: true });
    mkdirSync(run.work);
    writeFileSync(
      path.join(left, "meta.json"),
      JSON.stringify({ pid: Number(dead), label: "shell: make it 3" }),
    );
    expect((await runCommand(sandbox, ws, "echo 3 > notes.txt && rm gone.txt", run)).code).toBe(0);
    expect(readFileSync(path.join(ws, "notes.txt"), "utf8")).toBe("one\ntwo\n");

    // The user edits the file after that session died: the merge overwrites it, but a checkpoint holds the edit.
    writeFileSync(path.join(ws, "notes.txt"), "the user's\n");
    const next = createCheckpointStore({
      workspace: ws,
      storeDir: path.join(root.dir, "store"),
      canOverlay: () => true,
      overlayMinEntries: 0,
    });
    await next.warm();
    expect(readFileSync(path.join(ws, "notes.txt"), "utf8")).toBe("3\n");
    expect(existsSync(path.join(ws, "gone.txt"))).toBe(false);
    const [found] = await next.list({ limit: 1 });
    expect(found?.label).toContain("shell: make it 3");
    const notes = next.takeNotes?.() ?? [];
    await next.restore(found?.seq ?? 0);
    expect(readFileSync(path.join(ws, "notes.txt"), "utf8")).toBe("the user's\n");
    expect(existsSync(path.join(ws, "gone.txt"))).toBe(true);
    expect(existsSync(left)).toBe(false);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("shell: make it 3");
    expect(notes[0]).toContain("applied now");
  });
});
