/**
 * While the model thinks, the status line says so at any width: a spinner, the time the turn has run and how
 * to stop it. The line used to end with "working… (Esc to interrupt)" and was cut at the right edge, so at
 * 80 columns nothing showed that anything was happening. The real app with a real agent whose model never
 * answers, on a headless terminal at 40, 80 and 120 columns. The spinner redraws the status row alone, at
 * most 10 times a second.
 */
import { afterEach, expect, it } from "vitest";
import { SYNC_START } from "../../src/tui/line-renderer.ts";
import { stripAnsi } from "../../src/tui/text-width.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: AppHarness | undefined;
let screenHarness: Harness | undefined;
afterEach(() => {
  h?.dispose();
  screenHarness?.term.dispose();
  h = undefined;
  screenHarness = undefined;
});

const statusRow = (app: AppHarness) => app.term.screen().findLast((r) => r.trim() !== "") ?? "";
const seconds = (row: string) => Number(/working (\d+)s/.exec(row)?.[1] ?? -1);

it("shows the working state and its elapsed time at 40, 80 and 120 columns, within the width", async () => {
  h = startApp([{ hang: true }], {}, { cols: 80, rows: 16 });
  h.input("think hard\r");
  const app = h;
  await h.until(() => seconds(statusRow(app)) >= 0, "the working state");
  const expected: Record<number, RegExp> = {
    40: /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] working \d+s · Esc to interrupt$/,
    80: /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] working \d+s · Esc to interrupt · test\/model-a · mode: default · \$0$/,
    120: /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] working \d+s · Esc to interrupt · test\/model-a · mode: default · \$0$/,
  };
  for (const cols of [40, 120, 80]) {
    h.resize(cols, 16);
    await h.until(() => expected[cols]?.test(statusRow(app)) ?? false, `the status line at ${cols} columns`);
    expect(statusRow(h).length).toBeLessThanOrEqual(cols);
    expect(h.term.wrappedRows()).toBe(0);
  }
  // The time moves on while the model says nothing.
  const before = seconds(statusRow(h));
  await h.until(() => seconds(statusRow(app)) > before, "the elapsed time to tick");
  h.input("\x1b");
  await h.waitForText("interrupted");
  await h.until(() => seconds(statusRow(app)) === -1, "the working state to go");
  expect(statusRow(h)).toBe("test/model-a · mode: default · $0");
  await h.exit();
});

it("redraws only the status row for the spinner, at most 10 times a second", async () => {
  screenHarness = createHarness({ cols: 80, rows: 12 });
  const sh = screenHarness;
  await sh.feed({ type: "turn_started", turn_id: "t1" });
  await sh.feed({ type: "message_delta", turn_id: "t1", message_id: "m1", delta: "Thinking about it" });
  const framesBefore = sh.screen.frames;
  const bytesBefore = sh.term.written().length;
  await new Promise((r) => setTimeout(r, 1_050));
  await sh.term.flush();
  const frames = sh.screen.frames - framesBefore;
  expect(frames).toBeGreaterThanOrEqual(5);
  expect(frames).toBeLessThanOrEqual(11);
  const writes = sh.term.written().slice(bytesBefore).split(SYNC_START).filter(Boolean);
  expect(writes.length).toBe(frames);
  // Each one clears and writes one row: the status line.
  for (const w of writes) {
    expect(w.split("\x1b[2K")).toHaveLength(2);
    expect(stripAnsi(w)).toMatch(/working \d+s · Esc to interrupt/);
  }
  expect(sh.term.screen()).toContain("Thinking about it");
  expect(sh.term.screen().findLast((r) => r !== "")).toMatch(
    /^\S working 1s · Esc to interrupt · fake\/fake-model/,
  );
  // The turn ends: the spinner stops, and so do the frames.
  await sh.feed({ type: "turn_finished", turn_id: "t1", status: "done", steps: 1 });
  const after = sh.screen.frames;
  await new Promise((r) => setTimeout(r, 300));
  expect(sh.screen.frames).toBe(after);
});
