/**
 * Issue #10: the session records the workspace for undo in the background from its start; its end (`close`, which
 * the agent calls before `session_finished`) stops that record: no git process writes the store afterwards and no
 * lock is left behind, so the next session (or a clean-up) finds the store quiet.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { setupSafety } from "../../src/app/safety-setup.ts";
import { checkpointStoreDir } from "../../src/safety/checkpoints/index.ts";
import { createWorkspace, type Workspace } from "../support/run-tandem.ts";

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

it("close() stops the background first record and leaves nothing writing the store", async () => {
  ws = await createWorkspace();
  for (let i = 0; i < 3000; i++) {
    const sub = join(ws.cwd, `d${i % 30}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.txt`), `file ${i}\n`);
  }
  const safety = await setupSafety({ home: ws.home, cwd: ws.cwd, config: {}, interactive: false });
  // The gate loads (and the record starts) once the first request is sent; wait until git is at work in the store.
  safety.gate.prepare();
  const store = checkpointStoreDir(ws.home, ws.cwd);
  const end = Date.now() + 30_000;
  while (!existsSync(join(store, "git", "tandem-ready")) && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(existsSync(join(store, "git", "tandem-ready"))).toBe(true);
  await safety.gate.close();
  const after = listing(store);
  expect(after.filter((f) => f.endsWith(".lock"))).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(listing(store)).toEqual(after);
});
