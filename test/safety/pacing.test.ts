/**
 * Issue #11 ("Speed"): background git is paced around the path between a model response and the next request
 * (src/safety/pacing.ts). The pacer's contract, then a real store whose first record waits while a hold is in
 * force and goes on at its end.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../../src/safety/journal.ts";
import { createPacer } from "../../src/safety/pacing.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { settledWithin } from "../support/held.ts";
import { tempDir, writeFiles } from "./checkpoint-support.ts";

describe("the pacer", () => {
  it("lets work go at once without a hold, waits during one, and goes on at release", async () => {
    const pacer = createPacer({ maxHoldMs: 60_000 });
    expect(await settledWithin(pacer.ready(), 50)).toBe(true);
    pacer.hold();
    const waiting = pacer.ready();
    expect(await settledWithin(waiting, 100)).toBe(false);
    pacer.release();
    expect(await settledWithin(waiting, 50)).toBe(true);
    pacer.stop();
  });

  it("a hold ends by itself after maxHoldMs (nothing can wait on it for ever)", async () => {
    const pacer = createPacer({ maxHoldMs: 80 });
    pacer.hold();
    const waiting = pacer.ready();
    expect(await settledWithin(waiting, 20)).toBe(false);
    expect(await settledWithin(waiting, 500)).toBe(true);
  });

  it("after stop() nothing is held", async () => {
    const pacer = createPacer({ maxHoldMs: 60_000 });
    pacer.hold();
    const waiting = pacer.ready();
    pacer.stop();
    expect(await settledWithin(waiting, 50)).toBe(true);
    pacer.hold();
    expect(await settledWithin(pacer.ready(), 50)).toBe(true);
  });
});

describe("a store paced by it", () => {
  let root: { dir: string; cleanup: () => void } | undefined;
  afterEach(() => root?.cleanup());

  it("starts no git of its first record during a hold, and records once it ends", async () => {
    root = tempDir("pacing-store");
    const ws = path.join(root.dir, "ws");
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`f${i}.txt`] = `file ${i}\n`;
    writeFiles(ws, files);
    const storeDir = path.join(root.dir, "store");
    const pacer = createPacer({ maxHoldMs: 60_000 });
    const store = createCheckpointStore({ workspace: ws, storeDir, pace: pacer.ready });
    pacer.hold();
    const warming = store.warm();
    expect(await settledWithin(warming, 1_500)).toBe(false);
    // The record writes the shadow index: none while held.
    expect(existsSync(path.join(storeDir, "index"))).toBe(false);
    pacer.release();
    await warming;
    expect(existsSync(path.join(storeDir, "index"))).toBe(true);
    expect((await store.create("first")).filesChanged).toBe(20);
    // Every git of the store waits: a checkpoint's `git add` too.
    writeFiles(ws, { "f0.txt": "changed\n" });
    pacer.hold();
    const next = store.create("second");
    expect(await settledWithin(next, 1_000)).toBe(false);
    pacer.release();
    expect((await next).filesChanged).toBe(1);
  });
});

describe("the urgency override", () => {
  let root: { dir: string; cleanup: () => void } | undefined;
  afterEach(() => root?.cleanup());

  it("a step whose checkpoint is queued behind held work lets it go: its beforeRun does not wait for the hold", async () => {
    root = tempDir("pacing-urgent");
    const ws = path.join(root.dir, "ws");
    writeFiles(ws, { "a.txt": "a\n" });
    const paths = safetyPaths(path.join(root.dir, "home"), ws);
    const pacer = createPacer({ maxHoldMs: 60_000 });
    const store = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir, pace: pacer.ready });
    const gate = createSafetyGate({
      mode: "full",
      workspace: ws,
      checkpoints: store,
      journal: createUndoJournal(paths.journal),
      trashDir: paths.trashDir,
      pacer,
    });
    const call = { callId: "c1", tool: createShellTool(), args: { command: "printf 1 > out.txt" }, cwd: ws };
    expect((await gate.check(call)).action).toBe("allow");
    // The response's calls are being handled, and the first record (background) waits behind the hold.
    pacer.hold();
    const warming = store.warm();
    expect(await settledWithin(gate.beforeRun?.(call) ?? Promise.resolve(), 10_000)).toBe(true);
    await warming;
    // The step's preparation is over: the hold is in force again until the request is written.
    expect(await settledWithin(pacer.ready(), 100)).toBe(false);
    pacer.release();
    expect((await store.list()).length).toBe(1);
    await gate.close();
  });
});

describe("the next release", () => {
  it("waits for the next request written, not only for the end of a hold; a stopped pacer waits for nothing", async () => {
    const pacer = createPacer({ maxHoldMs: 60_000 });
    // Nothing is held, yet it waits: it is for work that should land right after a request is written.
    const next = pacer.nextRelease();
    expect(await settledWithin(next, 100)).toBe(false);
    pacer.hold();
    expect(await settledWithin(next, 50)).toBe(false);
    pacer.release();
    expect(await settledWithin(next, 50)).toBe(true);
    const after = pacer.nextRelease();
    expect(await settledWithin(after, 50)).toBe(false);
    pacer.stop();
    expect(await settledWithin(after, 50)).toBe(true);
    expect(await settledWithin(pacer.nextRelease(), 50)).toBe(true);
  });
});

describe("urgent work", () => {
  it("lets held work go while it lasts; the hold is in force again after it", async () => {
    const pacer = createPacer({ maxHoldMs: 60_000 });
    pacer.hold();
    const before = pacer.ready();
    const end = pacer.urgent();
    expect(await settledWithin(before, 50)).toBe(true);
    expect(await settledWithin(pacer.ready(), 50)).toBe(true);
    end();
    end();
    expect(await settledWithin(pacer.ready(), 100)).toBe(false);
    pacer.release();
  });
});
