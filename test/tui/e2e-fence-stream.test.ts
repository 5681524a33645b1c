/**
 * End to end, in colour: an answer whose code fences arrive in pieces ("``", then "`p", then "ython\n") leaves
 * the same scrollback as the same answer sent in one piece. It left a stray "``" row and a second "─── p"
 * header: highlight.js, handed the half-typed language `p`, wrote an error to the terminal, which moved the
 * live part down a row.
 */
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

const chunks = [
  "Here is code:\n\n``",
  "`p",
  "yth",
  "on\nx = 1\n",
  "print(x)\n``",
  "`\n\nAnd more:\n\n```j",
  "s\nlet a = 1;\n``",
  "`\n\nDone.",
];
const answer = chunks.join("");

/** The rows of the answer that follows the user's line `prompt`, up to its last line. */
const answerRows = (screen: string, prompt: string) => {
  const rows = screen.split("\n");
  const start = rows.indexOf(`› ${prompt}`);
  const end = rows.indexOf("Done.", start);
  return rows.slice(start + 1, end + 1);
};

it("streams split code fences into the same scrollback as a whole answer", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  // The test environment sets NO_COLOR; highlighting is where it went wrong.
  setup.env.NO_COLOR = undefined;
  setup.server.enqueue(
    { kind: "reply", chunks: [answer] },
    // Slow enough that every piece is drawn on its own.
    { kind: "reply", chunks, delayMs: 120 },
  );
  const e = await e2e.start(setup);
  await e.ui.type("whole");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Done."), 20_000, "the whole answer");
  await e.ui.type("pieces");
  await e.ui.keys(["Enter"]);
  const screen = await e.ui.waitFor(
    (s) => s.split("\n").filter((r) => r === "Done.").length === 2 && !s.includes("working"),
    20_000,
    "the answer in pieces",
  );
  const whole = answerRows(screen, "whole");
  expect(whole).toContain("  ─── python");
  expect(answerRows(screen, "pieces")).toEqual(whole);
  expect(screen).not.toContain("Could not find the language");
});
