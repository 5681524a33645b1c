/**
 * 50 tool calls running at once: the live part lists the first few and `… N more running`, so the plan
 * and the composer are not pushed off the screen; every call still gets its line in the transcript when it
 * ends. Real read-only tools that wait, the real app and agent.
 */
import { afterEach, expect, it } from "vitest";
import { sleepyReadTool } from "../core/test-tools.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

it("lists a few of 50 running calls and counts the rest", async () => {
  const calls = Array.from({ length: 50 }, (_, i) => ({
    name: "peek",
    arguments: { label: `file-${i + 1}`, ms: 800 },
  }));
  h = startApp([{ text: "Looking at everything.", toolCalls: calls }, { text: "All read." }], {
    tools: [sleepyReadTool([])],
  });
  h.input("read them all\r");
  await h.waitForText("more running");
  const screen = h.term.screen();
  const running = screen.filter((r) => r.startsWith("… peek"));
  expect(running.length).toBeGreaterThan(0);
  expect(running.length).toBeLessThan(10);
  expect(screen.some((r) => r.includes(`… ${50 - running.length} more running`))).toBe(true);
  expect(screen.some((r) => r.startsWith("Looking at everything."))).toBe(true);
  await h.waitForText("All read.");
  expect(h.term.lines().filter((l) => l.startsWith("✓ peek")).length).toBe(50);
  await h.exit();
});
