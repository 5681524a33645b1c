/**
 * A very small or narrow terminal: every live row stays one screen row. At 20×5 with the `/` command list
 * open, a row too wide for the screen is cut instead of wrapping into the rows below (which broke the
 * renderer's row count); at 12 columns the composer wraps at the real width instead of a 20-column layout
 * the terminal cannot show. The real app with a real agent.
 */
import { afterEach, expect, it } from "vitest";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

it("keeps the command list, composer and status line one row each at 20×5", async () => {
  h = startApp([], {}, { cols: 40, rows: 12 });
  h.input("/m");
  await h.waitForText("/mode");
  h.resize(20, 5);
  await h.until(() => h?.term.screen()[1]?.startsWith("  /model") ?? false, "the redrawn command list");
  const screen = h.term.screen();
  expect(screen[0]).toBe("");
  expect(screen[2]?.startsWith("  /mode")).toBe(true);
  expect(screen[3]?.trimEnd()).toBe("› /m");
  // The status line keeps what matters most that fits: the model's name.
  expect(screen[4]?.trimEnd()).toBe("model-a");
  await h.exit();
});

it("wraps the composer at the width of a 12-column terminal", async () => {
  h = startApp([{ text: "Short answer here." }], {}, { cols: 40, rows: 8 });
  h.input("hello\r");
  await h.waitForText("Short answer");
  h.resize(12, 8);
  h.input("日本語のテキスト😀");
  await h.until(
    () => h?.term.screen().some((r) => r.trimEnd() === "  キスト😀") ?? false,
    "the second composer row",
  );
  const screen = h.term.screen();
  expect(screen.map((r) => r.trimEnd())).toContain("› 日本語のテ");
  expect(screen.at(-2)?.trimEnd()).toBe("model-a");
  await h.exit();
});
