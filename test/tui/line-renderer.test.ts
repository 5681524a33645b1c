/**
 * The differential line renderer on a headless terminal: inline (no alternate screen), each frame inside
 * synchronized output, only changed rows rewritten, committed rows kept in the scrollback, the live part
 * shrinking cleanly, and a resize redrawing the live part at the new width.
 */
import { afterEach, expect, it } from "vitest";
import { createLineRenderer, SYNC_END, SYNC_START } from "../../src/tui/line-renderer.ts";
import { wrapText } from "../../src/tui/text-width.ts";
import { createHeadlessTerminal, type HeadlessTerminal } from "./support/headless-terminal.ts";

let term: HeadlessTerminal | undefined;
afterEach(() => term?.dispose());

function setup(cols = 40, rows = 8) {
  term = createHeadlessTerminal(cols, rows);
  const t = term;
  const writes: string[] = [];
  const renderer = createLineRenderer({
    write: (d) => {
      writes.push(d);
      t.write(d);
    },
    rows: () => t.rows,
  });
  return { t, writes, renderer };
}

it("draws inline, each frame synchronized, and rewrites only from the first changed row", async () => {
  const { t, writes, renderer } = setup();
  renderer.render([], ["alpha", "beta", "gamma"]);
  renderer.render([], ["alpha", "beta", "GAMMA"]);
  await t.flush();
  expect(t.screen().slice(0, 3)).toEqual(["alpha", "beta", "GAMMA"]);
  for (const w of writes) {
    expect(w.startsWith(SYNC_START)).toBe(true);
    expect(w.endsWith(SYNC_END)).toBe(true);
  }
  expect(writes[1]).not.toContain("alpha");
  expect(writes[1]).not.toContain("beta");
  expect(writes.join("")).not.toContain("\x1b[?1049h");
  // An unchanged frame writes nothing.
  renderer.render([], ["alpha", "beta", "GAMMA"]);
  expect(writes).toHaveLength(2);
});

it("commits rows above the live part into the scrollback, and clears rows the live part no longer uses", async () => {
  const { t, renderer } = setup(40, 6);
  renderer.render([], ["live 1", "live 2", "live 3", "live 4"]);
  for (let i = 0; i < 12; i++) renderer.render([`done ${i}`], ["live 1", "live 2"]);
  renderer.finish();
  await t.flush();
  const lines = t.lines();
  expect(lines.filter((l) => l.startsWith("done"))).toEqual(
    Array.from({ length: 12 }, (_, i) => `done ${i}`),
  );
  // The live part left no stale rows behind (live 3 and live 4 were cleared), and it never reached the scrollback.
  expect(lines.filter((l) => l.startsWith("live"))).toEqual(["live 1", "live 2"]);
});

it("clips a live part taller than the screen to its last rows, so none of it scrolls away", async () => {
  const { t, renderer } = setup(40, 5);
  renderer.render(
    [],
    Array.from({ length: 9 }, (_, i) => `row ${i}`),
  );
  renderer.render(
    [],
    Array.from({ length: 10 }, (_, i) => `row ${i}`),
  );
  await t.flush();
  expect(t.screen()).toEqual(["row 5", "row 6", "row 7", "row 8", "row 9"]);
  expect(t.lines().filter((l) => l === "row 0")).toEqual([]);
});

it("after a resize redraws the live part at the new width without leaving old rows or erasing committed ones", async () => {
  const { t, renderer } = setup(40, 12);
  const text = "one two three four five six seven eight nine ten eleven";
  const status = "status line that is thirty-six cells";
  renderer.render(["committed 1", "committed 2"], [...wrapText(text, 40), status]);
  await t.flush();
  t.resize(20, 12);
  renderer.resized(20);
  renderer.render([], [...wrapText(text, 20), ...wrapText(status, 20)]);
  await t.flush();
  const lines = t.lines();
  expect(lines.slice(0, 2)).toEqual(["committed 1", "committed 2"]);
  expect(lines.join(" ").replace(/\s+/g, " ")).toBe(`committed 1 committed 2 ${text} ${status}`);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(20);
});
