/**
 * Issue #10 ("Speed at scale"): the workspace's first record can be built in the background from session start
 * (`warm()`), a step that comes before it is done still gets a correct checkpoint, and a slow first record reports
 * its progress: to `create()`'s caller, through the gate, and as `checkpoint_progress` events of a real agent.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import type { CheckpointProgress } from "../../src/safety/checkpoints/index.ts";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { startAgent } from "../core/harness.ts";
import { readTree, tempDir, writeFiles } from "./checkpoint-support.ts";

const FILES = 1500;

describe("the workspace's first record", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  let storeDir: string;
  beforeEach(() => {
    root = tempDir("cp-first");
    ws = path.join(root.dir, "ws");
    storeDir = path.join(root.dir, "store");
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) files[`d${i % 30}/f${i}.txt`] = `file ${i}\n`;
    writeFiles(ws, files);
  });
  afterEach(() => root.cleanup());

  it("warm() records nothing itself; the first step after it holds what changed meanwhile", async () => {
    const store = createCheckpointStore({ workspace: ws, storeDir });
    await store.warm();
    expect(await store.list()).toEqual([]);
    writeFileSync(path.join(ws, "d0/f0.txt"), "changed after warm\n");
    writeFileSync(path.join(ws, "new.txt"), "new after warm\n");
    const heard: CheckpointProgress[] = [];
    const first = await store.create("first", {}, { onProgress: (p) => heard.push(p) });
    // Ready: nothing left to read, nothing to report.
    expect(heard).toEqual([]);
    expect(first.filesChanged).toBe(FILES + 1);
    const before = readTree(ws);
    writeFileSync(path.join(ws, "d0/f0.txt"), "the step\n");
    await store.create("after");
    await store.restore(first.seq);
    expect(readTree(ws)).toEqual(before);
    expect(readFileSync(path.join(ws, "d0/f0.txt"), "utf8")).toBe("changed after warm\n");
  });

  it("a step that comes before the background record is done waits for it, hears its progress, and is right", async () => {
    const store = createCheckpointStore({ workspace: ws, storeDir });
    const warming = store.warm();
    writeFileSync(path.join(ws, "during.txt"), "written while the record ran\n");
    const heard: CheckpointProgress[] = [];
    const first = await store.create("first", {}, { onProgress: (p) => heard.push(p) });
    await warming;
    expect(heard.length).toBeGreaterThan(1);
    const done = heard.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(heard.at(-1)?.done).toBeGreaterThanOrEqual(FILES);
    expect(heard.some((p) => p.total !== undefined && p.total >= FILES)).toBe(true);
    expect((await store.list()).map((c) => c.seq)).toEqual([first.seq]);
    const before = readTree(ws);
    writeFileSync(path.join(ws, "during.txt"), "clobbered\n");
    writeFileSync(path.join(ws, "d1/f1.txt"), "clobbered\n");
    await store.undo();
    expect(readTree(ws)).toEqual(before);
  });

  it("the gate reports a slow first checkpoint after its threshold, ending at the total", async () => {
    const store = createCheckpointStore({ workspace: ws, storeDir });
    const gate = createSafetyGate({
      mode: "auto",
      workspace: ws,
      trashDir: path.join(root.dir, "trash"),
      checkpoints: store,
      progress: { afterMs: 0, everyMs: 0 },
    });
    const call = { callId: "c1", tool: createShellTool() as AnyTool, args: { command: "touch x" }, cwd: ws };
    expect((await gate.check(call)).action).toBe("allow");
    const heard: CheckpointProgress[] = [];
    await gate.beforeRun?.(call, (p) => heard.push(p));
    expect(heard.length).toBeGreaterThan(1);
    const last = heard.at(-1);
    expect(last?.total).toBeGreaterThanOrEqual(FILES);
    expect(last?.done).toBe(last?.total);
    // The next step's checkpoint is quick: nothing to report, even with no threshold.
    await gate.afterRun?.(call);
    // The loop's next model request goes out: the after-step work waiting for it starts.
    gate.requestSent();
    const again: CheckpointProgress[] = [];
    const next = { ...call, callId: "c2" };
    await gate.check(next);
    await gate.beforeRun?.(next, (p) => again.push(p));
    expect(again).toEqual([]);
  });

  it("with the default threshold a first checkpoint quicker than a second reports nothing", async () => {
    // A clock that stands still: however loaded the machine, the checkpoint took "no time".
    const gate = createSafetyGate({
      mode: "auto",
      workspace: ws,
      trashDir: path.join(root.dir, "trash"),
      checkpoints: createCheckpointStore({ workspace: ws, storeDir }),
      progress: { now: () => 0 },
    });
    const call = { callId: "c1", tool: createShellTool() as AnyTool, args: { command: "touch x" }, cwd: ws };
    await gate.check(call);
    const heard: CheckpointProgress[] = [];
    await gate.beforeRun?.(call, (p) => heard.push(p));
    expect(heard).toEqual([]);
  });

  it("a real agent emits checkpoint_progress for the call that waits for the first checkpoint", async () => {
    const gate = createSafetyGate({
      mode: "auto",
      workspace: ws,
      trashDir: path.join(root.dir, "trash"),
      checkpoints: createCheckpointStore({ workspace: ws, storeDir }),
      progress: { afterMs: 0, everyMs: 0 },
    });
    const h = startAgent({
      cwd: ws,
      tools: [createShellTool() as AnyTool],
      gate,
      script: [
        { toolCalls: [{ name: "shell", arguments: { command: "printf x > x.txt" } }] },
        { text: "done" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "write a file" });
    await h.finish();
    const started = h.ofType("tool_call_started")[0];
    const progress = h.ofType("checkpoint_progress");
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((e) => e.call_id === started?.call_id)).toBe(true);
    expect(progress.at(-1)?.done).toBe(progress.at(-1)?.total);
    // Before the call's result, in the stream the front ends read.
    const types = h.events.map((e) => e.type);
    expect(types.indexOf("checkpoint_progress")).toBeLessThan(types.indexOf("tool_call_finished"));
  });
});
