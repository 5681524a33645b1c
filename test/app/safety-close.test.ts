/**
 * What the session's end (`close`, which the agent calls before `session_finished`) does with the safety work still
 * in the background, so that nothing writes the store after the session closed and no lock is left behind:
 * - issue #10: the workspace's first record, started in the background, is stopped;
 * - the last step's after-step work (its checkpoint, backups and `after` journal record), which the gate holds
 *   until the next request is written, is finished when the session ends first (the step limit, an interrupt), so
 *   undo finds the step's `after` record.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { setupSafety } from "../../src/app/safety-setup.ts";
import type { AnyTool } from "../../src/core/tool.ts";
import { checkpointStoreDir } from "../../src/safety/checkpoints/index.ts";
import { safetyPaths } from "../../src/safety/journal.ts";
import { createShellTool } from "../../src/tools/shell.ts";
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

it("close() finishes the last step's after-step work before it returns", async () => {
  ws = await createWorkspace();
  execFileSync("git", ["init", "-q"], { cwd: ws.cwd });
  writeFileSync(join(ws.cwd, "a.txt"), "a\n");
  const safety = await setupSafety({ home: ws.home, cwd: ws.cwd, config: {}, interactive: false });
  const cwd = ws.cwd;
  const shell = createShellTool({
    wrap: (argv, dir, hold) => safety.sandbox.prepare(argv, dir, hold),
  }) as AnyTool;
  const call = { callId: "c1", tool: shell, args: { command: "echo changed > a.txt" }, cwd };
  expect((await safety.gate.check(call)).action).toBe("allow");
  await safety.gate.beforeRun?.(call);
  await shell.execute(call.args, { cwd, callId: "c1", signal: new AbortController().signal });
  await safety.gate.afterRun?.(call);
  // No request follows: the session ends here.
  await safety.gate.close();
  const paths = safetyPaths(ws.home, ws.cwd);
  const types = readFileSync(paths.journal, "utf8")
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { type: string }).type);
  expect(types).toEqual(["journal", "step", "after"]);
  const store = listing(paths.storeDir);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(listing(paths.storeDir)).toEqual(store);
});
