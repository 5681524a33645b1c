/**
 * End to end: bare `tandem resume` opens the UI with the session picker over a new session; typing filters,
 * Enter resumes the chosen session (its history shows) and the next message continues it.
 */
import { expect, it } from "vitest";
import { runTandem } from "../support/run-tandem.ts";
import { bodyText, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("tandem resume with no id shows the picker and resumes the chosen session", {
  timeout: 60_000,
}, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue({ kind: "reply", text: "Answer about apples." });
  const apples = await runTandem(["exec", "tell me about apples"], { cwd: setup.ws.cwd, env: setup.env });
  expect(apples.code).toBe(0);
  setup.server.enqueue({ kind: "reply", text: "Answer about pears." });
  const pears = await runTandem(["exec", "tell me about pears"], { cwd: setup.ws.cwd, env: setup.env });
  expect(pears.code).toBe(0);

  setup.server.enqueue({ kind: "reply", text: "More about apples." });
  const e = await e2e.start(setup, ["resume"]);
  let screen = await e.ui.waitFor((s) => s.includes("Resume a session"), 15_000, "the picker");
  // Newest first: pears is selected, apples below it.
  expect(screen).toMatch(/^› \S+ +\S+ \S+ +tell me about pears/m);
  expect(screen).toMatch(/^ {2}\S+ +\S+ \S+ +tell me about apples/m);

  await e.ui.type("apple");
  screen = await e.ui.waitFor((s) => !s.includes("tell me about pears"), 10_000, "the filtered list");
  expect(screen).toContain("filter: apple");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => s.includes("Answer about apples."), 15_000, "the resumed history");
  expect(screen).toMatch(/resumed session \S+/);
  expect(screen).not.toContain("Resume a session");

  const first = e.server.requests.length;
  await e.ui.type("and more?");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("More about apples."), 20_000, "the answer");
  expect(bodyText(e, first)).toContain("tell me about apples");
  expect(bodyText(e, first)).not.toContain("tell me about pears");
});
