/**
 * Regression: a deny note typed key by key at an approval was read as an answer when its first letter was
 * y, a or n ("actually no" approved always and the command ran). A note is never an answer: the real
 * `tandem` in tmux, the real safety gate in `ask` mode; the command must not run and the note must reach the
 * model as the reason. A single key on the empty composer is still an answer, once Enter confirms it.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { bodyText, exitUi, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

it("denies with a note that starts with a, and approves with y + Enter", { timeout: 90_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue(
    { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "printf hi > marker.txt" } }] },
    { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "printf hi > second.txt" } }] },
    { kind: "reply", text: "Understood." },
  );
  const e = await e2e.start(setup, []);
  await e.ui.type("make the marker");
  await e.ui.keys(["Enter"]);
  const prompt = await e.ui.waitFor(
    (s) => /Approve\? shell.*marker\.txt/.test(s),
    20_000,
    "the first approval",
  );
  expect(prompt).toMatch(/y yes · a always · n no, then Enter · or type a note and Enter to deny/);
  // Past the prompt's typing guard, then one key at a time, as a person types.
  await new Promise((r) => setTimeout(r, 400));
  const first = e.server.requests.length;
  for (const key of "actually no") {
    await e.ui.keys([key === " " ? "Space" : key]);
    await new Promise((r) => setTimeout(r, 30));
  }
  await e.ui.waitFor((s) => s.includes("› actually no"), 10_000, "the note in the composer");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => /Approve\? shell.*second\.txt/.test(s), 20_000, "the second approval");
  expect(await exists(join(e.ws.cwd, "marker.txt"))).toBe(false);
  expect(bodyText(e, first)).toContain("Their note: actually no");
  const screen = await e.ui.capture(200);
  expect(screen).toMatch(/⊘ shell printf hi > marker\.txt .*denied/);
  expect(screen).not.toMatch(/approve always/);

  // The single key on the empty composer: y shows what Enter will do, Enter approves.
  await new Promise((r) => setTimeout(r, 400));
  await e.ui.keys(["y"]);
  await e.ui.waitFor((s) => /Enter approves/.test(s), 10_000, "the armed answer");
  expect(await exists(join(e.ws.cwd, "second.txt"))).toBe(false);
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Understood."), 20_000, "the answer");
  expect(await exists(join(e.ws.cwd, "second.txt"))).toBe(true);
  await exitUi(e);
});
