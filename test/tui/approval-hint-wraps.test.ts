/**
 * The approval prompt's key hint wraps at an 80-column terminal instead of running off the row (it was
 * 83 cells: the terminal wrapped it and the live part below was drawn a row off). The real app and agent.
 */
import { afterEach, expect, it } from "vitest";
import type { GateDecision, ToolGate } from "../../src/core/gate.ts";
import { writeTool } from "../core/test-tools.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

const askAlways: ToolGate = {
  async check(): Promise<GateDecision> {
    return { action: "ask", summary: "write a note", risk: "write", reasons: [], reason: "needs approval" };
  },
};

it("wraps the key hint at 80 columns", async () => {
  h = startApp(
    [{ toolCalls: [{ name: "write_note", arguments: { text: "one" } }] }, { text: "Done." }],
    { tools: [writeTool([])], gate: askAlways },
    { cols: 80, rows: 24 },
  );
  h.input("write a note\r");
  await h.waitForText("y yes · a always · n no, then Enter · or type a note and Enter to deny with it");
  // With a note typed the hint is wider than 80 columns.
  h.input("x");
  await h.waitForText("Enter denies with what you typed as the note");
  const screen = h.term.screen().map((r) => r.trimEnd());
  const at = screen.findIndex((r) => r.startsWith("  Enter denies"));
  expect(screen[at]).toBe("  Enter denies with what you typed as the note · Ctrl+U clears it to answer y /");
  expect(screen[at + 1]).toBe("a / n");
  expect(screen[at + 2]).toBe("");
  expect(screen[at + 3]?.startsWith("› x")).toBe(true);
  h.input("\r");
  await h.waitForText("Done.");
  await h.exit();
});
