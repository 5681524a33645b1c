/**
 * A code block whose fence names no language is shown plain, not highlighted by guessing: highlight.js
 * tries every language for that, 0.2–0.8 s a block, and a streaming answer re-renders its open block on
 * every frame, so a bare fence made the UI draw about once a second. A labelled block is still highlighted.
 */
import { expect, it } from "vitest";
import { loadHighlighter } from "../../src/tui/highlight.ts";
import { loadMarkdown, renderMarkdown } from "../../src/tui/markdown.ts";
import { createStyle } from "../../src/tui/style.ts";

it("renders bare code blocks quickly and plain, labelled ones highlighted", async () => {
  await Promise.all([loadHighlighter(), loadMarkdown()]);
  const s = createStyle(true);
  const start = performance.now();
  for (let n = 0; n < 5; n++) {
    const code = Array.from({ length: 120 }, (_, i) => `let value${i} = call(${i + n});`).join("\n");
    const rows = renderMarkdown(`Here:\n\n\`\`\`\n${code}\n\`\`\`\n`, { width: 100, style: s });
    expect(rows).toContain(`  let value7 = call(${7 + n});`);
  }
  expect(performance.now() - start).toBeLessThan(500);
  const labelled = renderMarkdown("```js\nconst x = 1;\n```\n", { width: 100, style: s });
  // A colour code (ESC [ 3x … m) in the highlighted line.
  expect(labelled.join("\n")).toMatch(/\[3\dm/);
});
