/**
 * A streaming answer taller than the screen: while it streams, its finished paragraphs go to the scrollback
 * as they complete and the live part shows the one still growing above the composer and status line; when
 * it is done, the whole answer is in the scrollback exactly once.
 */
import { afterEach, expect, it } from "vitest";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

it("commits finished paragraphs while streaming and the whole answer exactly once", async () => {
  h = createHarness({ cols: 60, rows: 12 });
  const paragraphs = Array.from({ length: 20 }, (_, i) => `Paragraph number ${i}.`);
  const answer = paragraphs.join("\n\n");
  await h.feed({ type: "turn_started", turn_id: "t1" });
  for (const p of paragraphs.slice(0, 15)) {
    await h.feed({ type: "message_delta", turn_id: "t1", message_id: "m1", delta: `${p}\n\n` });
  }
  const screen = h.term.screen();
  expect(screen).toContain("Paragraph number 14.");
  expect(screen.at(-1)).toMatch(/^\S working \d+s · Esc to interrupt · /);
  // Finished paragraphs are already in the scrollback, once; the last one may still grow, so it is live.
  expect(h.term.lines().filter((l) => l === "Paragraph number 0.")).toHaveLength(1);
  expect(h.screen.state.streaming).toBe("Paragraph number 14.\n\n");

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
