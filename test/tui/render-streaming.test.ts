/**
 * A streaming answer taller than the screen: while it streams, the live part shows its latest lines above
 * the composer and status line (nothing of it reaches the scrollback yet); when it is done, the whole answer
 * is in the scrollback exactly once.
 */
import { afterEach, expect, it } from "vitest";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

it("streams in the live part and commits the whole answer once", async () => {
  h = createHarness({ cols: 60, rows: 12 });
  const paragraphs = Array.from({ length: 20 }, (_, i) => `Paragraph number ${i}.`);
  const answer = paragraphs.join("\n\n");
  await h.feed({ type: "turn_started", turn_id: "t1" });
  for (const p of paragraphs.slice(0, 15)) {
    await h.feed({ type: "message_delta", turn_id: "t1", message_id: "m1", delta: `${p}\n\n` });
  }
  const screen = h.term.screen();
  expect(screen).toContain("Paragraph number 14.");
  expect(screen.at(-1)).toMatch(/^fake\/fake-model · .*working…/);
  // Only the live part is drawn, clipped to the screen: the early paragraphs are nowhere yet.
  expect(h.term.lines()).not.toContain("Paragraph number 0.");

  for (const p of paragraphs.slice(15)) {
    await h.feed({ type: "message_delta", turn_id: "t1", message_id: "m1", delta: `${p}\n\n` });
  }
  await h.feed(
    { type: "message_done", turn_id: "t1", message_id: "m1", text: answer },
    { type: "turn_finished", turn_id: "t1", status: "done", steps: 1 },
  );
  const lines = h.term.lines();
  for (const p of paragraphs) expect(lines.filter((l) => l === p)).toHaveLength(1);
  // The scrollback is never cleared and no alternate screen is used.
  for (const seq of ["\x1b[2J", "\x1b[3J", "\x1b[?1049h"]) expect(h.term.written()).not.toContain(seq);
});
