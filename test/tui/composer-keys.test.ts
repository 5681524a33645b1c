/**
 * The composer through the real app: Enter sends; a trailing backslash, Alt+Enter and Shift+Enter (CSI u)
 * insert newlines; Up brings back what was sent; Ctrl+C clears a draft when idle.
 */
import { afterEach, expect, it } from "vitest";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

it("edits multi-line messages and walks the history", async () => {
  h = startApp([{ text: "Got four lines." }]);
  h.input("line one\\\r");
  h.input("line two\x1b\r");
  h.input("three\x1b[13;2u");
  h.input("four");
  await h.waitForText("  four");
  expect(h.client.requests).toHaveLength(0);
  h.input("\r");
  await h.waitForText("Got four lines.");
  const sent = JSON.stringify(h.client.requests[0]?.messages);
  expect(sent).toContain("line one\\nline two\\nthree\\nfour");

  // Up on an empty composer brings the last message back; Ctrl+C clears the draft without exiting.
  const composerRows = () => h?.term.screen().filter(Boolean).slice(-5, -1) ?? [];
  h.input("\x1b[A");
  await h.until(() => composerRows()[0] === "› line one", "the recalled message");
  // The cursor is drawn as an inverse cell after the last character.
  expect(composerRows()).toEqual(["› line one", "  line two", "  three", "  four "]);
  h.input("\x03");
  await h.until(() => composerRows().at(-1)?.includes("Type a message") ?? false, "the cleared draft");
  expect(h.agent.sessionId).toBeTruthy();
  await h.exit();
});
