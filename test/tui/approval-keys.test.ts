/**
 * Answering approvals from the keyboard, through the real app and a real agent (the model is a scripted
 * in-memory client): `y` then Enter approves and the call runs; a typed note and Enter denies with that note, which
 * reaches the model.
 */
import { afterEach, expect, it } from "vitest";
import type { GateDecision, ToolGate } from "../../src/core/gate.ts";
import { writeTool } from "../core/test-tools.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

const askAlways: ToolGate = {
  async check(call): Promise<GateDecision> {
    return {
      action: "ask",
      summary: `write ${(call.args as { text: string }).text}`,
      risk: "write",
      reasons: ["writes a note"],
      reason: "needs approval",
    };
  },
};

it("approves with y + Enter and denies with a typed note", async () => {
  const log: string[] = [];
  h = startApp(
    [
      { toolCalls: [{ name: "write_note", arguments: { text: "one" } }] },
      { toolCalls: [{ name: "write_note", arguments: { text: "two" } }] },
      { text: "All settled." },
    ],
    { tools: [writeTool(log)], gate: askAlways },
  );
  h.input("write two notes\r");
  await h.waitForText("Approve? write_note [write]: write one");
  expect(h.term.lines()).toContain("  - writes a note");
  h.input("y");
  // The key alone is not the answer: it shows what Enter will do, and nothing runs until Enter.
  await h.waitForText("Enter approves · type on to make it a note instead (Enter then denies)");
  await new Promise((r) => setTimeout(r, 100));
  expect(log).toEqual([]);
  h.input("\r");
  await h.until(() => log.length === 1, "the approved call to run");
  expect(log).toEqual(["one"]);

  await h.waitForText("Approve? write_note [write]: write two");
  h.input("call it three instead\r");
  await h.waitForText("All settled.");
  expect(log).toEqual(["one"]);
  expect(JSON.stringify(h.client.requests[2]?.messages)).toContain("call it three instead");
  expect(h.term.lines().some((l) => l.startsWith("⊘ write_note"))).toBe(true);
  await h.exit();
});
