/**
 * The `@` popup over files with odd names in a real temp folder: a name holding an escape sequence shows it
 * as text (it was written to the terminal as is: this one would retitle the window), and a long CJK name is
 * cut to the row by cells (the cut counted characters, so the row wrapped).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { createComposer } from "../../src/tui/composer.ts";
import { createFileIndex } from "../../src/tui/file-index.ts";
import { createMentionPopup } from "../../src/tui/mention-popup.ts";
import { createStyle } from "../../src/tui/style.ts";
import { stripAnsi, visibleWidth } from "../../src/tui/text-width.ts";

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

it("shows control characters in names as text and cuts wide names by cells", async () => {
  root = mkdtempSync(join(tmpdir(), "tandem-popup-odd-"));
  const dir = root;
  writeFileSync(join(dir, "evil\x1b]0;owned\x07.txt"), "");
  writeFileSync(join(dir, `${"日本語のとても長いファイル名".repeat(3)}.md`), "");
  const style = createStyle(false);
  const index = createFileIndex({ cwd: () => dir, onChange: () => undefined });
  const popup = createMentionPopup({ style, cwd: () => dir, onChange: () => undefined, index });
  const composer = createComposer({ style });
  composer.insert("@");
  popup.update(composer.text, composer.cursor);
  await index.settled();
  const rows = popup.rows(40);
  expect(rows.map((r) => stripAnsi(r).trim())).toContain("@evil^[]0;owned^G.txt");
  for (const row of rows) {
    expect(visibleWidth(row)).toBeLessThanOrEqual(40);
    expect(stripAnsi(row)).not.toContain("\x1b");
    expect(row).not.toContain("\x07");
  }
  expect(rows.some((r) => stripAnsi(r).includes("@…"))).toBe(true);
  popup.dispose();
});
