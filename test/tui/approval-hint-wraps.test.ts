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
  await h.waitForText("y approve · a approve always · n deny · or type a note and Enter to deny with");
  const screen = h.term.screen().map((r) => r.trimEnd());
  const at = screen.findIndex((r) => r.startsWith("  y approve"));
  expect(screen[at + 1]).toBe("it");
  expect(screen[at + 2]).toBe("");
  expect(screen[at + 3]?.startsWith("›")).toBe(true);
  h.input("n");
  await h.waitForText("Done.");
  await h.exit();
});
