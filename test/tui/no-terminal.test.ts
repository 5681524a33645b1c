/** `tandem` without a terminal (piped, in a script) does not open the UI: it says to use `tandem exec`. */
import { afterEach, expect, it } from "vitest";
import { baseEnv, createWorkspace, runTandem, type Workspace } from "../support/run-tandem.ts";

let ws: Workspace | undefined;
afterEach(() => ws?.cleanup());

it("refuses to open the UI without a terminal and points to tandem exec", async () => {
  ws = await createWorkspace();
  const r = await runTandem([], { cwd: ws.cwd, env: baseEnv({ TANDEM_HOME: ws.home }), stdin: "" });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("the interactive UI needs a terminal");
  expect(r.stderr).toContain("tandem exec");
  expect(r.stdout).toBe("");
});
