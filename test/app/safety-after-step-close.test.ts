/**
 * The session's gate holds the last step's after-step work (its checkpoint, backups and `after` journal record)
 * until the next request is written; when the session ends first (the turn stopped at its step limit, an
 * interrupt), `close()` finishes that work before it returns: undo finds the step's `after` record, and nothing
 * writes the store after the session closed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { setupSafety } from "../../src/app/safety-setup.ts";
import type { AnyTool } from "../../src/core/tool.ts";
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
  expect(types).toEqual(["step", "after"]);
  const store = listing(paths.storeDir);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(listing(paths.storeDir)).toEqual(store);
});
