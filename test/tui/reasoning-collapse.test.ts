/**
 * Reasoning is committed collapsed: dimmed, italic, its first 3 rows and `… N more lines (Ctrl+O to expand)`;
 * Ctrl+O prints it whole. Reasoning of 3 rows or fewer shows whole, with no hint, and is not expandable.
 * Through the real app and agent; the model is a scripted in-memory client.
 */
import { afterEach, expect, it } from "vitest";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => {
  h?.dispose();
  h = undefined;
});

const thoughts = ["step one", "step two", "step three", "step four", "step five", "step six"];

it("collapses reasoning longer than 3 rows and Ctrl+O expands it", async () => {
  h = startApp([{ reasoning: thoughts.join("\n"), text: "Decided." }]);
  h.input("think\r");
  await h.waitForText("Decided.");
  const lines = h.term.lines();
  const first = lines.indexOf("  step one");
  expect(first).toBeGreaterThan(-1);
  expect(lines.slice(first, first + 4)).toEqual([
    "  step one",
    "  step two",
    "  step three",
    "  … 3 more lines (Ctrl+O to expand)",
  ]);
  expect(lines.some((l) => l.includes("step four"))).toBe(false);
  expect(h.term.written()).toContain("\x1b[2m\x1b[3m  step one");

  h.input("\x0f");
  await h.waitForText("│ step six");
  const after = h.term.lines();
  const head = after.indexOf("┌ reasoning");
  expect(head).toBeGreaterThan(first);
  expect(after.slice(head + 1, head + 8)).toEqual([...thoughts.map((t) => `│ ${t}`), "└"]);
  await h.exit();
});

it("shows short reasoning whole, without a hint, and does not offer it to Ctrl+O", async () => {
  h = startApp([{ reasoning: "only\nthree\nrows", text: "Short." }]);
  h.input("think\r");
  await h.waitForText("Short.");
  const lines = h.term.lines();
  const first = lines.indexOf("  only");
  expect(lines.slice(first, first + 3)).toEqual(["  only", "  three", "  rows"]);
  expect(lines.some((l) => l.includes("Ctrl+O"))).toBe(false);
  h.input("\x0f");
  await h.waitForText("nothing to expand");
  await h.exit();
});
