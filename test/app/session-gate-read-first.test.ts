/**
 * The session's gate loads the analyser and the checkpoint store on demand (src/app/safety-setup.ts). A read-only
 * call is allowed in every mode whatever they say, so it must not wait for them: a run's first call is often a
 * read, and the load would then sit between the model's response and the next request.
 */
import { afterEach, expect, it } from "vitest";
import { setupSafety } from "../../src/app/safety-setup.ts";
import { createReadTool } from "../../src/tools/read.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { createWorkspace, type Workspace } from "../support/run-tandem.ts";

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

it("answers a read-only call without waiting for the gate to load", async () => {
  ws = await createWorkspace();
  const safety = await setupSafety({
    home: ws.home,
    cwd: ws.cwd,
    config: {},
    interactive: true,
    mode: "ask",
  });
  try {
    const cwd = ws.cwd;
    const shell = { callId: "c1", tool: createShellTool(), args: { command: "printf 1 > out.txt" }, cwd };
    const read = { callId: "c2", tool: createReadTool(), args: { path: "a.txt" }, cwd };
    expect((await safety.gate.check(read)).action).toBe("allow");
    // Only a loaded gate lets a changing call start early: it was not loaded for the read.
    expect(safety.gate.mayStartEarly?.(shell)).toBe(false);
    // The next changing call loads it and is decided by it, as before.
    expect((await safety.gate.check(shell)).action).toBe("ask");
    expect(safety.gate.mayStartEarly?.(shell)).toBe(true);
  } finally {
    await safety.gate.close();
  }
});
