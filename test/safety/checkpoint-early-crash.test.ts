/**
 * Issue #11 ("Speed") made every step that declares its writes go ahead of its checkpoint, which is made after the
 * step (early-steps.ts). A session killed in between must lose nothing: the next session (or `tandem undo`) makes
 * the step's checkpoint from what was written down before the step ran, journals it, and undo then reverses
 * exactly that step, keeping an edit the user made after the session died.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openCheckpointStore, undoLast } from "../../src/app/workspace-history.ts";
import { checkpointStoreDir, createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { tempDir, writeFiles } from "./checkpoint-support.ts";

describe("a session killed between an early step and its checkpoint", () => {
  let root: { dir: string; cleanup: () => void } | undefined;
  afterEach(() => root?.cleanup());

  /** A workspace whose session died between an early step (notes.txt: one → two) and its checkpoint. */
  function killedSession() {
    root = tempDir("early-crash");
    const ws = path.join(root.dir, "ws");
    const home = path.join(root.dir, "home");
    writeFiles(ws, { "notes.txt": "one\n", "other.txt": "a\n" });
    const src = (file: string) => JSON.stringify(path.join(process.cwd(), "src", file));
    // The session: a recorded workspace, then a step that goes ahead of its checkpoint, which it never gets.
    const script = `
      import { writeFileSync } from "node:fs";
      import { createCheckpointStore, checkpointStoreDir } from ${src("safety/checkpoints/index.ts")};
      const ws = ${JSON.stringify(ws)};
      const store = createCheckpointStore({ workspace: ws, storeDir: checkpointStoreDir(${JSON.stringify(home)}, ws) });
      await store.warm();
      await store.create("first", { callId: "c0" });
      const step = await store.createBefore("write notes.txt", { callId: "c1" }, [ws + "/notes.txt"], {
        stepDone: new Promise(() => {}),
      });
      writeFileSync(ws + "/notes.txt", "two\\n");
      console.log(JSON.stringify({ early: step.early }));
      process.kill(process.pid, "SIGKILL");
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.signal).toBe("SIGKILL");
    expect(JSON.parse(run.stdout)).toEqual({ early: true });
    expect(readFileSync(path.join(ws, "notes.txt"), "utf8")).toBe("two\n");
    return { ws, home };
  }

  it("the step gets its checkpoint and journal entries later, and undo reverses exactly it", async () => {
    const { ws, home } = killedSession();
    // After the session died, the user edits another file.
    writeFileSync(path.join(ws, "other.txt"), "the user's\n");

    const report = await undoLast(home, ws);
    expect(report.ok).toBe(true);
    expect(readFileSync(path.join(ws, "notes.txt"), "utf8")).toBe("one\n");
    expect(readFileSync(path.join(ws, "other.txt"), "utf8")).toBe("the user's\n");
    // The step's checkpoint is in the history under its own label, made once.
    const labels = (await openCheckpointStore(home, ws).list()).map((c) => c.label);
    expect(labels.filter((label) => label === "write notes.txt")).toHaveLength(1);
  });

  it("the next session's warm() makes it first, tells the journal and says so", async () => {
    const { ws, home } = killedSession();
    const told: Array<{ before: number; after: number; callId: string }> = [];
    const store = createCheckpointStore({
      workspace: ws,
      storeDir: checkpointStoreDir(home, ws),
      onRecoveredStep: async (step) =>
        told.push({ before: step.before.seq, after: step.after.seq, callId: step.callId }),
    });
    await store.warm();
    expect(told).toHaveLength(1);
    expect(told[0]?.callId).toBe("c1");
    const notes = store.takeNotes?.() ?? [];
    expect(notes.join("\n")).toContain("write notes.txt");
    // Its checkpoint is the workspace before the step; once recovered, nothing is left to recover.
    await store.restore(told[0]?.before ?? 0);
    expect(readFileSync(path.join(ws, "notes.txt"), "utf8")).toBe("one\n");
    expect(await store.recoverSteps()).toBe(0);
    expect(await store.stepPending()).toBe(false);
  });
});
