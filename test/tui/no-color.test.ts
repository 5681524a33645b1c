/**
 * NO_COLOR: no colour codes on screen (bold and italic stay), while with colour on, code blocks are
 * highlighted once the lazily loaded highlighter is in.
 */
import { afterEach, expect, it } from "vitest";
import { colorWanted } from "../../src/tui/style.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching SGR colour sequences
const COLOR = /\x1b\[(?:3[0-8]|9[0-7]|4[0-8])(?:;[0-9;]*)?m/;
const answer = "Some **bold** text, a [link](https://example.com).\n\n```js\nconst x = 1; // note\n```\n";

async function render(color: boolean): Promise<Harness> {
  const harness = createHarness({ cols: 80, rows: 20, color });
  await harness.feed(
    { type: "turn_started", turn_id: "t1" },
    { type: "message_delta", turn_id: "t1", message_id: "m1", delta: answer },
    { type: "message_done", turn_id: "t1", message_id: "m1", text: answer },
    { type: "turn_finished", turn_id: "t1", status: "done", steps: 1 },
  );
  return harness;
}

it("NO_COLOR turns colour off", () => {
  expect(colorWanted({ NO_COLOR: "1" }, true)).toBe(false);
  expect(colorWanted({}, true)).toBe(true);
  expect(colorWanted({}, false)).toBe(false);
});

it("writes no colour codes without colour, and highlights code with it", async () => {
  h = await render(false);
  const plain = h.term.written();
  expect(plain).not.toMatch(COLOR);
  expect(plain).toContain("\x1b[1mbold\x1b[22m");
  expect(h.term.lines()).toContain("  const x = 1; // note");
  h.term.dispose();

  h = await render(true);
  const colored = h.term.written();
  const codeRow = colored.split("\r\n").findLast((row) => row.includes("const") && row.includes("note"));
  expect(codeRow).toMatch(COLOR);
  expect(h.term.lines()).toContain("  const x = 1; // note");
});
