/** Ctrl+C once while the agent works interrupts the turn, and the session goes on (it does not exit). */
import { afterEach, expect, it } from "vitest";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

it("interrupts on one Ctrl+C and keeps the session", async () => {
  h = startApp([{ hang: true, text: "Thinking about it" }, { text: "Fresh answer." }]);
  h.input("take your time\r");
  await h.waitForText("Thinking about it");
  h.input("\x03");
  await h.until(() => h?.term.lines().includes("interrupted") ?? false, "the interruption");
  // The partial answer is kept in the transcript.
  expect(h.term.lines().filter((l) => l.includes("Thinking about it"))).toHaveLength(1);
  h.input("go on\r");
  await h.waitForText("Fresh answer.");
  expect(h.client.requests).toHaveLength(2);
  await h.exit();
});
