/**
 * Terminal replies are not keys: an OSC 11 background answer or a DA1 answer arriving on stdin (late, after
 * the query gave up, or split over reads) never reaches the composer as text or as an Escape press.
 */
import { expect, it } from "vitest";
import { createKeyParser } from "../../src/tui/keys.ts";
import { createReplyFilter } from "../../src/tui/terminal-replies.ts";

it("swallows a whole OSC 11 reply (BEL or ST) and a DA1 reply between keys", () => {
  const parse = createKeyParser();
  expect(parse("a\x1b]11;rgb:ffff/ffff/ffff\x07b")).toEqual([{ name: "text", text: "ab" }]);
  expect(parse("\x1b]11;rgb:00/2b/36\x1b\\\r")).toEqual([{ name: "enter" }]);
  expect(parse("\x1b[?62;22c\x1b[A")).toEqual([{ name: "up" }]);
});

it("swallows a reply split over reads, at any point", () => {
  const reply = "\x1b]11;rgb:1e1e/1e1e/2e2e\x1b\\";
  // After the ESC that starts it (a lone ESC at the end of a read is the Escape key, so not there).
  for (let cut = 2; cut < reply.length; cut++) {
    const parse = createKeyParser();
    const keys = [...parse(`x${reply.slice(0, cut)}`), ...parse(`${reply.slice(cut)}y`)];
    expect(keys, `cut at ${cut}`).toEqual([
      { name: "text", text: "x" },
      { name: "text", text: "y" },
    ]);
  }
});

it("does not hold back input that only starts like a reply", () => {
  const filter = createReplyFilter();
  // Alt+] is ESC ]: held for one read, then let through once the next read shows it is no reply.
  expect(filter("\x1b]")).toEqual({ input: "", replies: [] });
  expect(filter("a")).toEqual({ input: "\x1b]a", replies: [] });
  // An unterminated run longer than any reply is let through.
  expect(filter(`\x1b]11;${"x".repeat(600)}`).input).toHaveLength(605);
  // Escape alone is never held.
  expect(createKeyParser()("\x1b")).toEqual([{ name: "escape" }]);
  expect(filter("\x1b]11;rgb:ff/ff/ff\x07")).toEqual({ input: "", replies: ["\x1b]11;rgb:ff/ff/ff\x07"] });
});
