/**
 * Code fences split anywhere by the stream: a chunk ending in "``" or "```p" before "ython\n" arrives left a
 * stray "``" row and a second "─── p" header in the scrollback. highlight.js was handed the half-typed
 * language `p` and wrote "Could not find the language" to stderr, which under the UI is the terminal: the line
 * moved the live part down a row and its top row stayed behind. Here the real screen (colour, highlighter
 * loaded) streams an answer split at every position; the scrollback must equal the answer rendered whole,
 * nothing may reach the console, and the live part never shows a fence line before its newline.
 */
import { afterEach, beforeAll, expect, it, vi } from "vitest";
import type { AgentEventBody } from "../../src/protocol/events.ts";
import { loadHighlighter } from "../../src/tui/highlight.ts";
import { loadMarkdown } from "../../src/tui/markdown.ts";
import { finishedLength, withoutPartialFence } from "../../src/tui/stream-commit.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

const answer = [
  "Here is the fix:",
  "",
  "```python",
  "def main():",
  "    return 1",
  "```",
  "",
  "Then run:",
  "```sh",
  "npm test",
  "```",
  "",
  "~~~foo",
  "an unknown language",
  "~~~",
  "",
  "```",
  "no language",
  "```",
  "",
  "``inline`` and `code` at a line start.",
].join("\n");

const delta = (text: string): AgentEventBody => ({
  type: "message_delta",
  turn_id: "t1",
  message_id: "m1",
  delta: text,
});
const ending = (text: string): AgentEventBody[] => [
  { type: "message_done", turn_id: "t1", message_id: "m1", text },
  { type: "turn_finished", turn_id: "t1", status: "done", steps: 1 },
];
const transcript = (h: Harness) => h.term.lines().join("\n").trimEnd();

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.term.dispose();
  vi.restoreAllMocks();
});
beforeAll(() => Promise.all([loadHighlighter(), loadMarkdown()]));

async function render(text: string, cols: number, chunks: string[], onChunk?: (h: Harness) => void) {
  const h = createHarness({ cols, rows: 12, color: true });
  open.push(h);
  await h.feed({ type: "turn_started", turn_id: "t1" });
  for (const chunk of chunks) {
    await h.feed(delta(chunk));
    onChunk?.(h);
  }
  await h.feed(...ending(text));
  const out = transcript(h);
  h.term.dispose();
  open.splice(open.indexOf(h), 1);
  return out;
}

/** The console the UI's terminal shares: anything written there lands on the screen. */
function watchConsole() {
  return (["error", "warn", "log"] as const).map((name) => vi.spyOn(console, name));
}

/** Rows that are half a fence: a lone "`"/"``", or a header naming a prefix of a language used here. */
const strayRows = (rows: string[]) =>
  rows.filter((r) => /^\s*(?:`{1,2}|~{1,2})$/.test(r) || /^\s*─── (?:p|py|pyt|pyth|pytho|s|f|fo)$/.test(r));

it("holds back a last line that may still become a fence, and never commits it", () => {
  for (const partial of ["`", "``", "```", "```p", "```pyth", "~", "~~~ts", "  ``", "````md"]) {
    expect(withoutPartialFence(`Intro.\n\n${partial}`)).toBe("Intro.\n\n");
    expect(finishedLength(`Intro.\n\n${partial}`)).toBeLessThanOrEqual("Intro.\n\n".length);
    expect(finishedLength(`\`\`\`py\nx\n${partial}`)).toBe(0);
  }
  // Lines that can no longer be fences show as they stream.
  for (const text of ["`code` and", "``double`` and", "~~strike", "plain"])
    expect(withoutPartialFence(`Intro.\n\n${text}`)).toBe(`Intro.\n\n${text}`);
});

it("streams an answer split at every position into the same scrollback as the whole answer", async () => {
  const spies = watchConsole();
  const whole = await render(answer, 80, [answer]);
  expect(whole).toContain("─── python");
  expect(strayRows(whole.split("\n"))).toEqual([]);
  for (let i = 1; i < answer.length; i++) {
    const live: string[] = [];
    const streamed = await render(answer, 80, [answer.slice(0, i), answer.slice(i)], (h) =>
      live.push(...strayRows(h.term.screen())),
    );
    expect({ i, streamed }).toEqual({ i, streamed: whole });
    expect({ i, live }).toEqual({ i, live: [] });
  }
  for (const spy of spies) expect(spy).not.toHaveBeenCalled();
});

it("streams it byte by byte at 40, 80 and 120 columns into the same scrollback", async () => {
  const spies = watchConsole();
  for (const cols of [40, 80, 120]) {
    const whole = await render(answer, cols, [answer]);
    expect(await render(answer, cols, [...answer])).toBe(whole);
  }
  for (const spy of spies) expect(spy).not.toHaveBeenCalled();
});

it("adds no blank row for blank lines before the first block", async () => {
  const text = "\n\n```python\nx = 1\n```\n\nDone.";
  const whole = await render(text, 80, [text]);
  expect(whole).toMatch(/^\n {2}─── python\n/);
  expect(await render(text, 80, ["\n\n``", "`pyth", text.slice(9)])).toBe(whole);
});
