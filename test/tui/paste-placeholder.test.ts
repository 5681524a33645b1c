/**
 * Long pastes in the composer: collapsed to a placeholder, sent and kept in the history in full, deleted
 * whole by Backspace at its end; short pastes insert as typed.
 */
import { expect, it } from "vitest";
import { createComposer } from "../../src/tui/composer.ts";
import { createStyle } from "../../src/tui/style.ts";

const composer = () => createComposer({ style: createStyle(false) });
const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");

it("collapses a paste over 10 lines and expands it on take", () => {
  const c = composer();
  c.insert("look: ");
  c.paste(lines(42));
  c.insert(" thanks");
  expect(c.text).toBe("look: [Pasted text #1 +42 lines] thanks");
  expect(c.rows(80).join("\n")).toContain("[Pasted text #1 +42 lines]");
  expect(c.take()).toBe(`look: ${lines(42)} thanks`);
  expect(c.text).toBe("");
  // The history holds the full text too.
  c.up();
  expect(c.text).toBe(`look: ${lines(42)} thanks`);
});

it("collapses one line over 1,000 characters and numbers pastes per message", () => {
  const c = composer();
  const long = "x".repeat(1_500);
  c.paste(long);
  c.paste(lines(11));
  expect(c.text).toBe("[Pasted text #1 +1,500 chars][Pasted text #2 +11 lines]");
  expect(c.take()).toBe(long + lines(11));
  c.paste(lines(12));
  expect(c.text).toBe("[Pasted text #1 +12 lines]");
});

it("inserts short pastes as they are", () => {
  const c = composer();
  c.paste(lines(10));
  expect(c.text).toBe(lines(10));
  c.clear();
  c.paste("y".repeat(1_000));
  expect(c.text).toBe("y".repeat(1_000));
});

it("deletes a placeholder whole with Backspace or Ctrl+W at its end, and only there", () => {
  const c = composer();
  c.insert("a ");
  c.paste(lines(20));
  c.backspace();
  expect(c.text).toBe("a ");
  c.paste(lines(20));
  c.insert("z");
  c.backspace();
  expect(c.text).toBe("a [Pasted text #2 +20 lines]");
  c.insert(" ");
  c.paste(lines(13));
  c.deleteWordBack();
  // Ctrl+W takes the whole token too.
  expect(c.text).toBe("a [Pasted text #2 +20 lines] ");
  c.backspace();
  c.left();
  c.backspace();
  // Inside the token Backspace deletes one character; the broken token is then sent as typed.
  expect(c.text).toBe("a [Pasted text #2 +20 line]");
  expect(c.take()).toBe("a [Pasted text #2 +20 line]");
});

it("does not expand a placeholder the user typed", () => {
  const c = composer();
  c.insert("[Pasted text #1 +42 lines]");
  expect(c.take()).toBe("[Pasted text #1 +42 lines]");
});

it("replace() swaps a range and puts the cursor after it", () => {
  const c = composer();
  c.insert("read @sr now");
  c.replace(5, 8, "@src/ ");
  expect(c.text).toBe("read @src/  now");
  expect(c.cursor).toBe(11);
});
