/**
 * An approval that arrives while a picker is open closes the picker (with a notice), so `y` answers the
 * approval instead of filtering the list the picker held the keys for. The real app and agent.
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

it("closes the model picker when an approval arrives, and y approves", async () => {
  const log: string[] = [];
  h = startApp(
    [
      { delayMs: 400, toolCalls: [{ name: "write_note", arguments: { text: "one" } }] },
      { text: "Wrote it." },
    ],
    { tools: [writeTool(log)], gate: askAlways },
    undefined,
    undefined,
    {
      listModels: async () => [
        { id: "test/model-a", contextWindow: 100_000, ready: true },
        { id: "test/model-b", contextWindow: 100_000, ready: true },
      ],
    },
  );
  h.input("write a note\r");
  h.input("/model\r");
  await h.waitForText("Switch model");
  await h.waitForText("Approve? write_note [write]: write a note");
  await h.waitForText("picker closed: a tool call is waiting for your approval");
  expect(h.app.screen.state.picker).toBeUndefined();
  h.input("y");
  h.input("\r");
  await h.waitForText("Wrote it.");
  expect(log).toEqual(["one"]);
  await h.exit();
});
