/**
 * Slash-command completion through the real app (real agent, scripted model): `/` lists the commands with
 * what they do and narrows as you type; Tab completes; Enter runs the chosen command; Esc closes the list; a line that is not a command word (a path) gets no list.
 */
import { afterEach, expect, it } from "vitest";
import { createCommandPopup } from "../../src/tui/command-popup.ts";
import { COMMANDS } from "../../src/tui/commands.ts";
import { createComposer } from "../../src/tui/composer.ts";
import { createStyle } from "../../src/tui/style.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => {
  h?.dispose();
  h = undefined;
});

const style = createStyle(false);
/** SGR codes (the selected row is inverse, kept without colour) are dropped, then the first word. */
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const names = (rows: string[]) => rows.map((r) => r.replace(SGR, "").trim().split(/\s+/)[0]);
const listRows = (harness: AppHarness) => harness.term.lines().filter((l) => /^ {2}\/[a-z]/.test(l));
const composerRow = (harness: AppHarness) => harness.term.lines().findLast((l) => l.startsWith("› ")) ?? "";

it("lists every command for / and narrows as the word grows", () => {
  const popup = createCommandPopup({ style });
  popup.update("/", 1);
  expect(popup.rows(100)).toHaveLength(COMMANDS.length);
  popup.update("/ex", 3);
  expect(names(popup.rows(100))).toEqual(["/expand", "/exit"]);
  // A name typed in full is chosen first.
  popup.update("/mode", 5);
  expect(names(popup.rows(100))).toEqual(["/mode", "/model"]);
  popup.update("/usr/bin/env", 12);
  expect(popup.open).toBe(false);
  popup.update("/model gpt", 10);
  expect(popup.open).toBe(false);
});

it("Tab completes, with a space for a command that takes an argument; Enter completes and leaves sending to the app", () => {
  const popup = createCommandPopup({ style });
  const composer = createComposer({ style });
  composer.insert("/mo");
  popup.update(composer.text, composer.cursor);
  expect(names(popup.rows(100))).toEqual(["/model", "/mode"]);
  expect(popup.handleKey("down", composer)).toBe(true);
  expect(popup.handleKey("tab", composer)).toBe(true);
  expect(composer.text).toBe("/mode ");
  composer.clear();
  composer.insert("/di");
  popup.update(composer.text, composer.cursor);
  // Runs as it is: the name is completed and Enter is left to the app, which sends it.
  expect(popup.handleKey("enter", composer)).toBe(false);
  expect(composer.text).toBe("/diff");
});

it("shows the list in the app, runs /help from /he + Enter, and Esc closes the list", async () => {
  h = startApp([]);
  const harness = h;
  harness.input("/st");
  await harness.until(() => listRows(harness).some((r) => r.includes("/status")), "the command list");
  expect(listRows(harness).find((r) => r.includes("/status"))).toContain("session, model, context and cost");
  harness.input("\x1b");
  await harness.until(() => listRows(harness).length === 0, "the list to close");
  expect(composerRow(harness)).toContain("/st");
  harness.input("\x15/he\r");
  await harness.waitForText("Enter sends; Shift+Enter");
  expect(composerRow(harness)).toContain("Type a message");
  await harness.exit();
});
