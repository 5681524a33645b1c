/**
 * Alt+key arrives as ESC and the key in one read. It is not the Escape key: Alt+B (readline's word-back)
 * interrupted the running turn. Alt+Backspace deletes a word; other Alt+keys do nothing; a lone ESC is
 * still Escape. Units on the parser, then the real app with a turn running.
 */
import { afterEach, expect, it } from "vitest";
import { parseKeys } from "../../src/tui/keys.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

it("reads Alt+key as no key, Alt+Backspace as delete-word, a lone ESC as Escape", () => {
  expect(parseKeys("\x1bb")).toEqual([]);
  expect(parseKeys("a\x1bfb")).toEqual([
    { name: "text", text: "a" },
    { name: "text", text: "b" },
  ]);
  expect(parseKeys("\x1b\x7f")).toEqual([{ name: "ctrl-w" }]);
  expect(parseKeys("\x1b")).toEqual([{ name: "escape" }]);
  expect(parseKeys("\x1b\x1b")).toEqual([{ name: "escape" }, { name: "escape" }]);
});

it("does not interrupt the running turn on Alt+B", async () => {
  h = startApp([{ hang: true, text: "thinking about it" }, { text: "Second answer." }]);
  h.input("go\r");
  await h.waitForText("thinking about it");
  h.input("\x1bb");
  await new Promise((r) => setTimeout(r, 200));
  expect(h.term.lines().some((l) => l === "interrupted")).toBe(false);
  expect(h.app.screen.state.conversation.turn_running).toBe(true);
  h.input("\x1b");
  await h.waitForText("interrupted");
  await h.exit();
});
