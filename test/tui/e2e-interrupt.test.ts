/** End to end: Esc interrupts a running turn; the UI stays open and takes the next prompt. */
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("interrupts the turn on Esc and keeps working", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue({ kind: "hang" }, { kind: "reply", text: "Back again." });
  const e = await e2e.start(setup);
  const first = e.server.requests.length;
  await e.ui.type("wait forever");
  await e.ui.keys(["Enter"]);
  await e.server.waitForRequests(first + 1, 20_000);
  await e.ui.waitFor((s) => /working \d+s · Esc to interrupt/.test(s), 10_000, "the running turn");
  await e.ui.keys(["Escape"]);
  const screen = await e.ui.waitFor(
    (s) => /^interrupted$/m.test(s) && !/working \d+s/.test(s),
    15_000,
    "the interruption",
  );
  expect(screen).toContain("› wait forever");

  await e.ui.type("hello again");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Back again."), 20_000, "the next answer");
});
