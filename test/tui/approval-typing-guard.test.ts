/**
 * A message begun just as an approval prompt comes up does not answer it: its first letter (`a` of
 * "add tests", which approved always) is typed into the composer when it comes within the guard time after
 * the prompt appeared (it is text, not an armed answer). After that, y + Enter answers as usual. The real app and agent.
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

it("types y/a/n pressed right after the prompt appears instead of arming an answer", async () => {
  const log: string[] = [];
  h = startApp(
    [{ toolCalls: [{ name: "write_note", arguments: { text: "one" } }] }, { text: "Wrote it." }],
    { tools: [writeTool(log)], gate: askAlways },
    undefined,
    undefined,
    { approvalGuardMs: 1_000 },
  );
  h.input("write a note\r");
  await h.until(() => h?.app.screen.state.approval !== undefined, "the approval");
  h.input("a");
  await h.waitForText("› a");
  expect(h.app.screen.composer.text).toBe("a");
  expect(h.app.screen.state.approval).toBeDefined();
  // Not armed: Enter would deny with "a" as the note, and the hint says so.
  await h.waitForText("Enter denies with what you typed as the note");
  await new Promise((r) => setTimeout(r, 1_100));
  h.input("\x15");
  h.input("y");
  h.input("\r");
  await h.waitForText("Wrote it.");
  expect(log).toEqual(["one"]);
  expect(h.term.lines()).toContain("approve: write a note");
  expect(h.term.lines().some((l) => l.startsWith("approve always: "))).toBe(false);
  await h.exit();
});
