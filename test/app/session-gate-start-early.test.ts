/**
 * The gate a session hands the agent (lazy-loading, src/app/safety-setup.ts) says which calls may start early:
 * a changing shell command may (its sandbox is built while the checkpoint is taken), a guarded destructive one,
 * whose command the gate may still rewrite, may not. A wrapper that dropped `mayStartEarly` silently turned the
 * overlap off for every session.
 */
import { afterEach, expect, it } from "vitest";
import { setupSafety } from "../../src/app/safety-setup.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { createWorkspace, type Workspace } from "../support/run-tandem.ts";

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

it("lets a changing shell call start early, and not a guarded one", async () => {
  ws = await createWorkspace();
  const safety = await setupSafety({
    home: ws.home,
    cwd: ws.cwd,
    config: {},
    interactive: false,
    mode: "auto",
  });
  try {
    const shell = createShellTool();
    expect(shell.startsEarly).toBe(true);
    const call = (callId: string, args: object) => ({ callId, tool: shell, args, cwd: ws?.cwd ?? "" });

    const plain = call("c1", { command: "printf 1 > out.txt" });
    expect((await safety.gate.check(plain)).action).toBe("allow");
    expect(safety.gate.mayStartEarly?.(plain)).toBe(true);

    // A destructive command re-issued with a justification is allowed with a backup plan: it waits.
    const first = call("c2", { command: "rm -rf src" });
    expect((await safety.gate.check(first)).action).toBe("deny");
    const guarded = call("c3", { command: "rm -rf src", justification: "the user asked to delete src" });
    expect((await safety.gate.check(guarded)).action).toBe("allow");
    expect(safety.gate.mayStartEarly?.(guarded)).toBe(false);
  } finally {
    await safety.gate.close();
  }
});
