/**
 * Resizing reflows: on a headless xterm (which reflows its own rows, as real terminals do), narrowing and
 * widening the terminal while an answer streams and while idle leaves exactly the live part (streaming text,
 * composer, status line) re-wrapped to the new width, with no rows of the old drawing left anywhere in the
 * screen or scrollback, and items committed after the resize are wrapped to the new width.
 */
import { afterEach, expect, it } from "vitest";
import type { AgentEventBody } from "../../src/protocol/events.ts";
import { renderMarkdown } from "../../src/tui/markdown.ts";
import { createStyle } from "../../src/tui/style.ts";
import { renderLive } from "../../src/tui/view.ts";
import { startApp } from "./support/app-harness.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

const style = createStyle(false);
const PARAGRAPH =
  "The parser reads the whole input once and builds the tree in a single pass, keeping every node's span so errors point at the source.";
const DRAFT = "a draft message typed while the answer streams, long enough to wrap on a narrow screen";
const delta = (text: string): AgentEventBody => ({
  type: "message_delta",
  turn_id: "t1",
  message_id: "m1",
  delta: text,
});

/** Without styling, and the spinner's frame left out: the test's clock is not the frame's. */
const plain = (row: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: SGR sequences are what is stripped.
  row.replace(/\x1b\[[0-9;]*m/g, "").replace(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] working/, "· working");

/** The live part as it should be drawn at the terminal's current size, trailing spaces trimmed. */
function expectedLive(harness: Harness): string[] {
  const { term, screen } = harness;
  const view = { width: term.cols, height: term.rows, style, now: performance.now() };
  return renderLive(screen.state, screen.composer, view).map((r) => plain(r).trimEnd());
}

/** Resizes the terminal (it reflows its rows first, as a real one does), then lets the screen redraw. */
async function resize(harness: Harness, cols: number, rows: number): Promise<void> {
  harness.term.resize(cols, rows);
  harness.screen.resized();
  await harness.screen.idle();
  await harness.term.flush();
}

/** The output ends with exactly the live part, and no row anywhere holds a piece of an older drawing. */
function expectOnlyLive(harness: Harness, committed: string[]): void {
  const live = expectedLive(harness);
  // Trimmed: the composer's cursor is an inverse space.
  const lines = harness.term.lines().map((l) => plain(l).trimEnd());
  expect(lines.slice(lines.length - live.length)).toEqual(live);
  // Inline: the live part is on screen, just below the transcript.
  expect(harness.term.screen().map((r) => plain(r).trimEnd())).toEqual(
    expect.arrayContaining(live.filter(Boolean)),
  );
  // Everything above the live part is what was committed (or blank): no stale live rows were left.
  const above = lines.slice(0, lines.length - live.length).filter((l) => l.trim() !== "");
  expect(above).toEqual(committed);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(harness.term.cols);
}

const words = (rows: string[]) => rows.join(" ").replace(/\s+/g, " ").trim();

it("narrowing then widening while an answer streams re-wraps the live part and leaves no garbage", async () => {
  h = createHarness({ cols: 100, rows: 20 });
  h.screen.push({ kind: "user", text: "explain the parser" });
  // One paragraph still growing (a single newline): finished blocks would go to the scrollback instead.
  await h.feed({ type: "turn_started", turn_id: "t1" }, delta(`${PARAGRAPH}\n`), delta(PARAGRAPH));
  h.screen.composer.insert(DRAFT);
  h.screen.schedule();
  await h.screen.idle();
  await h.term.flush();
  const committed = h.term.lines().filter((l) => l.startsWith("›") && l.includes("explain the parser"));
  expect(committed).toHaveLength(1);
  expectOnlyLive(h, committed);

  await resize(h, 40, 20);
  expectOnlyLive(h, committed);
  // The streaming text is wrapped to 40 columns by us, not cut by the terminal: both copies, every word.
  const streamRows = expectedLive(h).filter((r) => r && !r.includes("fake/fake-model"));
  expect(words(streamRows)).toContain(`${PARAGRAPH} ${PARAGRAPH}`);
  expect(h.term.screen().some((r) => /working \d+s/.test(r) || r.includes("fake/fake-model"))).toBe(true);

  // More text streams at the new width, then the terminal grows again.
  await h.feed(delta(" And then it stops."));
  expectOnlyLive(h, committed);
  await resize(h, 90, 24);
  expectOnlyLive(h, committed);
  expect(words(h.term.screen())).toContain(`${PARAGRAPH} And then it stops.`);
});

it("narrowing and widening while idle re-wraps the composer and status line, without leftovers", async () => {
  h = createHarness({ cols: 80, rows: 12 });
  h.screen.push({ kind: "notice", level: "info", text: "earlier output" });
  h.screen.composer.insert(DRAFT);
  h.screen.schedule();
  await h.screen.idle();
  await h.term.flush();
  const committed = ["earlier output"];
  expectOnlyLive(h, committed);
  for (const [cols, rows] of [
    [30, 12],
    [24, 12],
    [70, 9],
    [120, 12],
  ] as const) {
    await resize(h, cols, rows);
    expectOnlyLive(h, committed);
    expect(words(h.term.lines())).toContain(DRAFT);
  }
});

it("when the terminal's reflow pushes part of the old live part above the screen, the screen is still clean", async () => {
  // A real terminal reflows before it tells us; rows it pushed into the scrollback cannot be erased by an
  // inline UI (that would take clearing the scrollback). Only the screen can be, and must be.
  h = createHarness({ cols: 30, rows: 10 });
  h.screen.composer.insert(`${DRAFT} ${DRAFT}`);
  h.screen.schedule();
  await h.screen.idle();
  await h.term.flush();
  await resize(h, 20, 8);
  expect(h.term.screen().map((l) => l.trimEnd())).toEqual(expectedLive(h).slice(-8));
  await resize(h, 60, 10);
  const live = expectedLive(h);
  expect(
    h.term
      .lines()
      .slice(-live.length)
      .map((l) => l.trimEnd()),
  ).toEqual(live);
});

it("an answer committed after the resize is wrapped to the new width", async () => {
  h = createHarness({ cols: 100, rows: 16 });
  await h.feed({ type: "turn_started", turn_id: "t1" }, delta(PARAGRAPH));
  await resize(h, 36, 16);
  await h.feed(
    { type: "message_done", turn_id: "t1", message_id: "m1", text: PARAGRAPH },
    { type: "turn_finished", turn_id: "t1", status: "done", steps: 1 },
  );
  const rows = renderMarkdown(PARAGRAPH, { width: 36, style });
  expect(rows.length).toBeGreaterThan(3);
  const lines = h.term.lines();
  const at = lines.indexOf(rows[0] ?? "");
  expect(at).toBeGreaterThanOrEqual(0);
  expect(lines.slice(at, at + rows.length)).toEqual(rows);
  // Committed once, and the live part below it is drawn at the new width too.
  expect(lines.filter((l) => l === rows[0])).toHaveLength(1);
  expectOnlyLive(h, rows);
});

it("the app redraws on the terminal's resize while a reply streams (real app and agent)", async () => {
  const app = startApp([{ hang: true, text: PARAGRAPH }], {}, { cols: 100, rows: 20 });
  try {
    app.input("explain the parser\r");
    await app.waitForText("keeping every node's");
    app.input(DRAFT);
    await app.waitForText("long enough to wrap");
    app.resize(40, 20);
    const live = () =>
      renderLive(app.app.screen.state, app.app.screen.composer, {
        width: 40,
        height: 20,
        style,
        now: performance.now(),
      }).map((r) => plain(r).trimEnd());
    const lines = () => app.term.lines().map((l) => plain(l).trimEnd());
    const redrawn = () => lines().slice(-live().length).join("\n") === live().join("\n");
    await app.until(redrawn, "the live part redrawn at 40 columns");
    expect(words(live())).toContain(PARAGRAPH);
    expect(
      lines()
        .slice(0, -live().length)
        .filter((l) => l.trim() !== ""),
    ).toEqual(["› explain the parser"]);
    await app.exit();
  } finally {
    app.dispose();
  }
});

it("a full-height live part (a long answer streaming) is redrawn whole on screen at every size", async () => {
  // Shrinking the height pushes its top rows into the scrollback before we hear of it (see the test above);
  // what is on screen must still be exactly the live part, clipped to the new height.
  h = createHarness({ cols: 40, rows: 12 });
  // A code block still open stays live (finished blocks would go to the scrollback as they complete).
  const lines = Array.from({ length: 30 }, (_, i) => `line ${i} of a long code block`);
  await h.feed({ type: "turn_started", turn_id: "t1" }, delta(`\`\`\`\n${lines.join("\n\n")}`));
  for (const [cols, rows] of [
    [90, 16],
    [60, 12],
    [100, 20],
    [30, 14],
  ] as const) {
    await resize(h, cols, rows);
    expect(h.term.screen().map((l) => plain(l).trimEnd())).toEqual(expectedLive(h).slice(-rows));
    expect(h.term.screen().at(-1)).toMatch(/working \d+s/);
  }
});
