/** What the two end-to-end tests of a first changing step on a big workspace check after the run. */
import { statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { safetyPaths } from "../../src/safety/journal.ts";
import { readTree } from "../safety/checkpoint-support.ts";
import { runTandem } from "../support/run-tandem.ts";

/**
 * The step went ahead of the first record: its checkpoint was made after it wrote `changed` (a step that waits
 * has its checkpoint before). Then `tandem undo` puts the workspace back exactly as `before`.
 */
export async function expectStepAheadThenExactUndo(
  ws: { cwd: string; env: NodeJS.ProcessEnv },
  changed: string,
  before: Record<string, string>,
): Promise<void> {
  const home = ws.env.TANDEM_HOME as string;
  const store = createCheckpointStore({ workspace: ws.cwd, storeDir: safetyPaths(home, ws.cwd).storeDir });
  const step = (await store.list()).find((c) => c.meta.callId !== undefined && c.meta.after === undefined);
  expect(step?.time).toBeGreaterThanOrEqual(Math.floor(statSync(join(ws.cwd, changed)).mtimeMs));
  const undone = await runTandem(["undo"], { cwd: ws.cwd, env: ws.env, timeoutMs: 120_000 });
  expect(undone.code, undone.stderr).toBe(0);
  expect(readTree(ws.cwd)).toEqual(before);
}
