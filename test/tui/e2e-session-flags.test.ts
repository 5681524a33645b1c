/** End to end: `tandem --mode M --model X` opens the UI with that mode and model; a bad flag exits 2. */
import { expect, it } from "vitest";
import { baseEnv, runTandem } from "../support/run-tandem.ts";
import { bodyText, OTHER_MODEL, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("opens the UI in the mode and with the model given on the command line", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace(OTHER_MODEL);
  setup.server.enqueue({ kind: "reply", text: "answered by the other model" });
  const e = await e2e.start(setup, ["--mode", "auto", "--model", "fake/other-model"]);
  const first = e.server.requests.length;
  const screen = await e.ui.waitFor((s) => s.includes("mode: auto"), 20_000, "the status line in auto mode");
  expect(screen).toContain("fake/other-model");
  await e.ui.type("hello");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("answered by the other model"), 20_000, "the answer");
  expect(bodyText(e, first)).toContain('"model":"other-model"');
});

it("rejects an unknown mode before opening anything", async () => {
  const r = await runTandem(["--mode", "yolo"], { cwd: process.cwd(), env: baseEnv() });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--mode must be one of ask, auto, full");
});
