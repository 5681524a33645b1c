/**
 * The composer edits by user-perceived character: Left/Right step over an emoji, a ZWJ family and a letter
 * with a combining accent whole, Backspace and Delete remove them whole, Up/Down never land inside one, and
 * the cursor cell covers the whole character (no half surrogate on screen). Pasted control characters show
 * as text in the composer. Last, through the real app: what is sent after deleting an emoji.
 */
import { afterEach, expect, it } from "vitest";
import { createComposer } from "../../src/tui/composer.ts";
import { createStyle } from "../../src/tui/style.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

const s = createStyle(false);
const inv = (t: string) => `\x1b[7m${t}\x1b[27m`;
/** A row without the reset the wrapper adds after styling. */
const row = (r: string | undefined) => (r?.endsWith("\x1b[0m") ? r.slice(0, -4) : r);
const family = "👨‍👩‍👧";
const accented = "e\u0301";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

it("moves over and deletes whole characters, and draws the cursor on a whole one", () => {
  const c = createComposer({ style: s });
  c.insert(`a😀b${family}c${accented}`);
  c.left(); // before the accented e
  expect(row(c.rows(40)[0])).toBe(`› a😀b${family}c${inv(accented)}`);
  c.left();
  c.left(); // before the family
  expect(row(c.rows(40)[0])).toBe(`› a😀b${inv(family)}c${accented}`);
  c.left();
  c.left(); // before the grinning face
  expect(row(c.rows(40)[0])).toBe(`› a${inv("😀")}b${family}c${accented}`);
  // No half of a surrogate pair anywhere in the row.
  expect(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(c.rows(40).join("")),
  ).toBe(false);
  c.deleteForward();
  expect(c.text).toBe(`ab${family}c${accented}`);
  c.right();
  c.right(); // after the family
  c.backspace();
  expect(c.text).toBe(`abc${accented}`);
  c.end();
  c.backspace();
  expect(c.text).toBe("abc");
});

it("Up and Down land on a character boundary", () => {
  const c = createComposer({ style: s });
  c.insert("abc\n😀😀");
  c.home();
  c.right(); // after the first emoji: column 2 in code units
  c.up(); // column 2 of "abc"
  c.right();
  c.down(); // column 3 falls inside the second emoji: moved to its start
  expect(c.cursor).toBe(4 + 2);
  expect(row(c.rows(40)[1])).toBe(`  😀${inv("😀")}`);
});

it("shows pasted control characters as text", () => {
  const c = createComposer({ style: s });
  c.paste("x\x1b]0;title\x07\x1b[2Jy");
  expect(row(c.rows(60).join(""))).toBe(`› x^[]0;title^G^[[2Jy${inv(" ")}`);
});

it("sends the message without the emoji deleted with Backspace", async () => {
  h = startApp([{ text: "Noted." }]);
  h.input(`ok ${family}`);
  h.input("\x7f");
  h.input("\r");
  await h.waitForText("Noted.");
  expect(JSON.stringify(h.client.requests[0]?.messages)).toContain('"ok"');
  expect(JSON.stringify(h.client.requests[0]?.messages)).not.toMatch(/\\ud83d|👨/);
  await h.exit();
});

it("Up and Down keep the cursor under the same screen column across wide characters", () => {
  const c = createComposer({ style: s });
  c.insert("你好世界\nabcdefgh");
  for (let i = 0; i < 4; i++) c.left(); // after "abcd": column 4
  c.up();
  expect(row(c.rows(40)[0])).toBe(`› 你好${inv("世")}界`);
  c.down();
  expect(row(c.rows(40)[1])).toBe(`  abcd${inv("e")}fgh`);
  c.right(); // after "abcde": column 5, inside 世 (columns 4–5): the cursor goes to its start
  c.up();
  expect(row(c.rows(40)[0])).toBe(`› 你好${inv("世")}界`);
});
