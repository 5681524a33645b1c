/**
 * The session's pacing (src/safety/pacing.ts) holds the background work's own JavaScript too, not only its git:
 * the first `.git` snapshot's walk and the command analyser's load wait while a response's tool calls are
 * handled. A shell call that needs the analyser before it has loaded makes its load urgent instead of waiting
 * for the hold to end.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { analyzerLoaded, loadAnalyzer } from "../../src/safety/analysis/index.ts";
import { createGitDirSnapshots } from "../../src/safety/checkpoints/git-dir-snapshot.ts";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../../src/safety/journal.ts";
import { createPacer } from "../../src/safety/pacing.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { settledWithin } from "../support/held.ts";
import { tempDir, writeFiles } from "./checkpoint-support.ts";

let root: { dir: string; cleanup: () => void } | undefined;
afterEach(() => root?.cleanup());

describe("paced background JavaScript", () => {
  it("the first .git snapshot links nothing during a hold, and everything once it ends", async () => {
    root = tempDir("pacing-git-dir");
    const ws = path.join(root.dir, "ws");
    writeFiles(ws, { "a.txt": "a\n", "b.txt": "b\n" });
    execFileSync("git", ["init", "-q"], { cwd: ws });
    execFileSync("git", ["add", "-A"], { cwd: ws });
    const pacer = createPacer({ maxHoldMs: 60_000 });
    const backup = path.join(root.dir, "backup");
    const snapshots = createGitDirSnapshots({ workspace: ws, dir: backup, pace: pacer.ready });
    pacer.hold();
    const taking = snapshots.take();
    expect(await settledWithin(taking, 300)).toBe(false);
    expect(existsSync(path.join(backup, "objects"))).toBe(false);
    pacer.release();
    const id = await taking;
    expect(snapshots.log.read().get(id as string)?.added?.length).toBeGreaterThanOrEqual(2);
  });

  it("the analyser loads only once a hold ends, unless a shell call needs it: then at once", async () => {
    root = tempDir("pacing-analyser");
    const ws = path.join(root.dir, "ws");
    writeFiles(ws, { "a.txt": "a\n" });
    const paths = safetyPaths(path.join(root.dir, "home"), ws);
    const pacer = createPacer({ maxHoldMs: 60_000 });
    pacer.hold();
    const loading = loadAnalyzer({ pace: pacer.ready });
    expect(await settledWithin(loading, 300)).toBe(false);
    expect(analyzerLoaded()).toBe(false);
    const gate = createSafetyGate({
      mode: "auto",
      workspace: ws,
      checkpoints: createCheckpointStore({ workspace: ws, storeDir: paths.storeDir, pace: pacer.ready }),
      journal: createUndoJournal(paths.journal),
      trashDir: paths.trashDir,
      pacer,
    });
    const call = { callId: "c1", tool: createShellTool(), args: { command: "ls -la" }, cwd: ws };
    const checked = gate.check(call);
    expect(await settledWithin(checked, 10_000)).toBe(true);
    expect((await checked).action).toBe("allow");
    expect(analyzerLoaded()).toBe(true);
    // The check is over: the hold is in force again.
    expect(await settledWithin(pacer.ready(), 100)).toBe(false);
    pacer.release();
    await gate.close();
  });
});
