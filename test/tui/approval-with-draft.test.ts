/**
 * An approval that comes up while a message is half typed: y/a/n would be typed into the draft, so the
 * prompt's hint says Enter denies with the draft as the note and Ctrl+U clears it to answer; once cleared,
 * the usual hint is back and y + Enter approves. The real app and agent.
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

it("tells what y does with a draft in the composer", async () => {
  const log: string[] = [];
  h = startApp(
    [
      { delayMs: 300, toolCalls: [{ name: "write_note", arguments: { text: "one" } }] },
      { text: "Wrote it." },
    ],
    { tools: [writeTool(log)], gate: askAlways },
  );
  h.input("write a note\r");
  h.input("and then");
  await h.waitForText("Approve? write_note [write]: write a note");
  await h.waitForText("Enter denies with what you typed as the note · Ctrl+U clears it to answer y / a / n");
  h.input("\x15");
  await h.waitForText("y yes · a always · n no, then Enter");
  h.input("y");
  await h.waitForText("Enter approves · type on to make it a note instead");
  h.input("\r");
  await h.waitForText("Wrote it.");
  expect(log).toEqual(["one"]);
  await h.exit();
});
