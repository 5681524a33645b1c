/**
 * Ctrl+W with spaces after a paste placeholder deletes the placeholder whole, with the spaces: it cut the
 * token to `[Pasted text #1 +42 ` and that look-alike was sent as typed, the paste lost.
 */
import { expect, it } from "vitest";
import { createComposer } from "../../src/tui/composer.ts";
import { createStyle } from "../../src/tui/style.ts";

it("deletes a placeholder and the spaces after it whole", () => {
  const c = createComposer({ style: createStyle(false) });
  c.insert("see ");
  c.paste(Array.from({ length: 42 }, (_, i) => `line ${i}`).join("\n"));
  c.insert("  ");
  expect(c.text).toBe("see [Pasted text #1 +42 lines]  ");
  c.deleteWordBack();
  expect(c.text).toBe("see ");
  expect(c.take()).toBe("see ");
  // Ordinary words still go one at a time.
  c.insert("one two  ");
  c.deleteWordBack();
  expect(c.text).toBe("one ");
});
