/**
 * A 100-item plan in the live part is cut to a window around the item in progress (with how many are done
 * above and left below), so the streaming answer under way stays on screen; it pushed everything else off.
 * The plan committed when the turn ends is whole. The real todo tool, the real app and agent.
 */
import { afterEach, expect, it } from "vitest";
import { createTodoTool } from "../../src/tools/todo.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

it("keeps the streaming answer and the step in progress in view under a long plan", async () => {
  const items = Array.from({ length: 100 }, (_, i) => ({
    content: `step ${i + 1}`,
    status: i < 40 ? "completed" : i === 40 ? "in_progress" : "pending",
  }));
  h = startApp(
    [
      { toolCalls: [{ name: "todo", arguments: { items } }] },
      { hang: true, text: "Working on step forty-one" },
    ],
    { tools: [createTodoTool()] },
    { cols: 80, rows: 30 },
  );
  h.input("go\r");
  await h.waitForText("Working on step forty-one");
  await h.waitForText("Plan 40/100 done");
  const screen = h.term.screen();
  expect(screen).toContain("  ◐ step 41");
  expect(screen.some((r) => r.includes("… 39 done"))).toBe(true);
  expect(screen.some((r) => /… \d+ more/.test(r))).toBe(true);
  expect(screen).not.toContain("  ☐ step 100");
  h.input("\x1b");
  await h.waitForText("interrupted");
  const lines = h.term.lines();
  expect(lines).toContain("  ☐ step 100");
  expect(lines).toContain("  ☑ step 1");
  await h.exit();
});
