/**
 * The `@` popup on its own, over a real file index of a temp folder: the selected row is inverse and
 * follows Up/Down (wrapping), matched letters are bold, Tab accepts without doubling a following space, a
 * folder keeps it open, Esc closes it for that word only, and Enter/Up fall through when nothing matches.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type Composer, createComposer } from "../../src/tui/composer.ts";
import { createFileIndex } from "../../src/tui/file-index.ts";
import { createMentionPopup, type MentionPopup } from "../../src/tui/mention-popup.ts";
import { createStyle } from "../../src/tui/style.ts";
import { stripAnsi } from "../../src/tui/text-width.ts";

const INVERSE = "\x1b[7m";
const BOLD = "\x1b[1m";
let root: string;
let popup: MentionPopup;
let composer: Composer;
let changes = 0;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "tandem-popup-"));
  for (const path of ["lib/alpha.ts", "lib/beta.ts", "lib/gamma.ts", "readme.md"]) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), "");
  }
  const style = createStyle(false);
  changes = 0;
  const index = createFileIndex({ cwd: () => root, onChange: () => changes++ });
  popup = createMentionPopup({ style, cwd: () => root, onChange: () => undefined, index });
  composer = createComposer({ style });
  composer.insert("see @");
  popup.update(composer.text, composer.cursor);
  expect(popup.rows(60)).toEqual([style.dim("  @ listing files…")]);
  await index.settled();
  expect(changes).toBe(1);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const type = (text: string) => {
  composer.insert(text);
  popup.update(composer.text, composer.cursor);
};
const selectedRow = () => popup.rows(60).findIndex((r) => r.includes(INVERSE));

it("lists the top level for a bare @ and moves an inverse selection", () => {
  const rows = popup.rows(60);
  expect(rows.map((r) => stripAnsi(r).trim())).toEqual([
    "@lib/",
    "@readme.md",
    "@lib/beta.ts",
    "@lib/alpha.ts",
    "@lib/gamma.ts",
  ]);
  expect(selectedRow()).toBe(0);
  expect(popup.handleKey("down", composer)).toBe(true);
  expect(selectedRow()).toBe(1);
  popup.handleKey("up", composer);
  popup.handleKey("up", composer);
  expect(selectedRow()).toBe(rows.length - 1);
});

it("bolds the matched letters and accepts with Tab", () => {
  type("gam");
  const rows = popup.rows(60);
  expect(rows).toHaveLength(1);
  // A match not selected shows its matched letters in bold.
  composer.clear();
  type("@bt");
  expect(popup.rows(60)[0]).toContain(INVERSE);
  composer.clear();
  type("@a");
  const plain = popup.rows(60).filter((r) => !r.includes(INVERSE));
  expect(plain.length).toBeGreaterThan(0);
  expect(plain.every((r) => r.includes(`${BOLD}a`))).toBe(true);
  composer.clear();
  type("see @gam");
  expect(popup.handleKey("tab", composer)).toBe(true);
  expect(composer.text).toBe("see @lib/gamma.ts ");
  expect(popup.open).toBe(false);
});

it("keeps one space when the word is followed by text, and stays open inside a folder", () => {
  composer.clear();
  type("x @alp");
  composer.insert(" tail");
  for (let i = 0; i < 5; i++) composer.left();
  popup.update(composer.text, composer.cursor);
  popup.handleKey("enter", composer);
  expect(composer.text).toBe("x @lib/alpha.ts tail");
  expect(composer.cursor).toBe("x @lib/alpha.ts ".length);
  composer.clear();
  type("@li");
  popup.handleKey("tab", composer);
  expect(composer.text).toBe("@lib/");
  expect(popup.open).toBe(true);
  expect(popup.rows(60).length).toBe(4);
});

it("Esc closes for the word being typed; a new @ opens again; nothing matching leaves keys to the composer", () => {
  expect(popup.handleKey("escape", composer)).toBe(true);
  expect(popup.open).toBe(false);
  type("li");
  expect(popup.open).toBe(false);
  type(" @");
  expect(popup.open).toBe(true);
  type("zzz");
  expect(popup.rows(60)[0]).toContain('no file matches "zzz"');
  expect(popup.handleKey("enter", composer)).toBe(false);
  expect(popup.handleKey("up", composer)).toBe(false);
  expect(popup.handleKey("tab", composer)).toBe(true);
  expect(composer.text).toBe("see @li @zzz");
});
