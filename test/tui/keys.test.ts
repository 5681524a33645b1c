/**
 * Raw input to keys: the sequences terminals and tmux send for newline variants, arrows and Escape, and a
 * bracketed paste split over several reads staying one paste (its newlines do not send).
 */
import { expect, it } from "vitest";
import { createKeyParser, parseKeys } from "../../src/tui/keys.ts";

it("maps Enter, the newline variants, arrows, Escape and Ctrl+C", () => {
  expect(parseKeys("hi\r")).toEqual([{ name: "text", text: "hi" }, { name: "enter" }]);
  for (const seq of ["\x1b\r", "\x1b[13;2u", "\x1b[27;2;13~", "\n"])
    expect(parseKeys(seq)).toEqual([{ name: "newline" }]);
  expect(parseKeys("\x1b[A\x1bOB\x1b[3~")).toEqual([{ name: "up" }, { name: "down" }, { name: "delete" }]);
  expect(parseKeys("\x1b")).toEqual([{ name: "escape" }]);
  expect(parseKeys("\x03\x03")).toEqual([{ name: "ctrl-c" }, { name: "ctrl-c" }]);
});

it("keeps a bracketed paste whole across reads", () => {
  const parse = createKeyParser();
  expect(parse("a\x1b[200~line one\r\nline")).toEqual([{ name: "text", text: "a" }]);
  expect(parse(" two\rline three")).toEqual([]);
  expect(parse("\x1b[201~\r")).toEqual([
    { name: "paste", text: "line one\nline two\nline three" },
    { name: "enter" },
  ]);
  expect(parse("\x1b[200~one piece\x1b[201~")).toEqual([{ name: "paste", text: "one piece" }]);
});
