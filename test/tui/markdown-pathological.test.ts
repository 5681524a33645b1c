/**
 * Markdown a model can send that stalled or crashed the renderer: 3,000 nested quotes overflowed the stack
 * (an exception in a frame stops the UI), a list nested 1,000 levels took marked ~10 s to lex (on every frame
 * while it streamed), and list markers nested on one line overflowed too. Each now renders quickly, keeps
 * its text, and the app goes on answering.
 */
import { afterEach, expect, it } from "vitest";
import { loadMarkdown, renderMarkdown } from "../../src/tui/markdown.ts";
import { clampNesting } from "../../src/tui/markdown-guard.ts";
import { createStyle } from "../../src/tui/style.ts";
import { stripAnsi } from "../../src/tui/text-width.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

const s = createStyle(false);
const cases: [string, string, string][] = [
  ["nested quotes", `${"> ".repeat(3000)}deep quote`, "deep quote"],
  [
    "nested list",
    [...Array.from({ length: 1000 }, (_, i) => `${"  ".repeat(i)}- item ${i}`), "deep list"].join("\n"),
    "deep list",
  ],
  ["quote and list markers on one line", `${"> - ".repeat(3000)}deep mix`, "deep mix"],
  ["list markers on one line", `${"- ".repeat(3000)}deep dashes`, "deep dashes"],
];

it("renders pathological nesting quickly without throwing, keeping the text", async () => {
  await loadMarkdown();
  for (const [name, text, last] of cases) {
    const start = performance.now();
    const rows = renderMarkdown(text, { width: 80, style: s });
    expect(performance.now() - start, name).toBeLessThan(2_000);
    expect(stripAnsi(rows.join("\n")), name).toContain(last);
  }
});

it("leaves fenced code and ordinary nesting as they are", () => {
  const code = `\`\`\`\n${" ".repeat(60)}deeply indented code\n\`\`\``;
  expect(clampNesting(code)).toBe(code);
  const normal = "- a\n  - b\n    - c\n\n> > quoted twice";
  expect(clampNesting(normal)).toBe(normal);
});

it("keeps answering after an answer of 3,000 nested quotes", async () => {
  h = startApp([{ text: `${"> ".repeat(3000)}deep quote` }, { text: "Still here." }]);
  h.input("quote yourself\r");
  await h.waitForText("deep quote");
  h.input("again\r");
  await h.waitForText("Still here.");
  await h.exit();
});
