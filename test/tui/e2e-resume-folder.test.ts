/**
 * End to end: the UI resumes a session only in its own folder, as exec does. `tandem resume last` in folder B
 * opens B's session, not folder A's newer one; `/resume ID` of A's session from B is refused, naming A, and
 * B's session goes on.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parseEvents, runTandem } from "../support/run-tandem.ts";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("tandem resume last in folder B opens B's session; /resume of folder A's is refused", {
  timeout: 90_000,
}, async () => {
  const setup = await e2e.workspace();
  const a = setup.ws.cwd;
  const b = join(setup.ws.root, "other-project");
  await mkdir(b);
  setup.server.enqueue({ kind: "reply", text: "Noted for B." });
  const inB = await runTandem(["exec", "--json", "the B question"], { cwd: b, env: setup.env });
  expect(inB.code, inB.stderr).toBe(0);
  setup.server.enqueue({ kind: "reply", text: "Noted for A." });
  const inA = await runTandem(["exec", "--json", "the A question"], { cwd: a, env: setup.env });
  expect(inA.code, inA.stderr).toBe(0);
  const idA = String(parseEvents(inA.stdout)[0]?.session_id);

  const e = await e2e.start({ ...setup, ws: { ...setup.ws, cwd: b } }, ["resume", "last"]);
  let screen = await e.ui.waitFor((s) => s.includes("Noted for B."), 15_000, "B's history");
  expect(screen).not.toContain("the A question");

  await e.ui.type(`/resume ${idA}`);
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => s.includes("belongs to"), 15_000, "the refusal");
  expect(screen.replace(/\n/g, "")).toContain(`session ${idA} belongs to ${a}`);
  expect(screen).toContain("Noted for B.");
  expect(screen).not.toContain("Noted for A.");
});
