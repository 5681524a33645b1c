/**
 * Issue #11 ("Speed"): the session's gate holds background git from the moment a response's tool calls are
 * checked, read-only ones too (answered without the gate), until the next request is written (`prepare`), and
 * for good from `close()` (src/app/safety-setup.ts, src/safety/pacing.ts).
 */
import { afterEach, expect, it } from "vitest";
import { setupSafety } from "../../src/app/safety-setup.ts";
import { createPacer } from "../../src/safety/pacing.ts";
import { createReadTool } from "../../src/tools/read.ts";
import { settledWithin } from "../support/held.ts";
import { createWorkspace, type Workspace } from "../support/run-tandem.ts";

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

it("holds background git from a call's check until the next request is written", async () => {
  ws = await createWorkspace();
  const pacer = createPacer({ maxHoldMs: 60_000 });
  const safety = await setupSafety({
    home: ws.home,
    cwd: ws.cwd,
    config: {},
    interactive: false,
    mode: "auto",
    pacer,
  });
  try {
    expect(await settledWithin(pacer.ready(), 50)).toBe(true);
    const read = { callId: "c1", tool: createReadTool(), args: { path: "a.txt" }, cwd: ws.cwd };
    expect((await safety.gate.check(read)).action).toBe("allow");
    const held = pacer.ready();
    expect(await settledWithin(held, 200)).toBe(false);
    safety.gate.prepare();
    expect(await settledWithin(held, 200)).toBe(true);

    expect((await safety.gate.check(read)).action).toBe("allow");
    const again = pacer.ready();
    await safety.gate.close();
    expect(await settledWithin(again, 200)).toBe(true);
  } finally {
    await safety.gate.close();
  }
});
