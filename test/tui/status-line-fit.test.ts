/**
 * The status line fits its width by giving up its least important parts first: each part's shorter forms,
 * then the part, lowest priority first; a kept part (the working state) is only shortened. Cut as one string,
 * the working state was past the right edge at 80 columns.
 */
import { describe, expect, it } from "vitest";
import { elapsedText, fitStatus, type StatusPart, statusLine } from "../../src/tui/status-line.ts";
import { createStyle } from "../../src/tui/style.ts";
import { stripAnsi, visibleWidth } from "../../src/tui/text-width.ts";
import { createViewState } from "../../src/tui/view-state.ts";

const texts = (parts: StatusPart[], width: number) => fitStatus(parts, width).map((p) => p.text);

describe("fitStatus", () => {
  const parts: StatusPart[] = [
    { text: "⠋ working 12s", shorter: ["⠋ 12s"], priority: 100, keep: true },
    { text: "Esc to interrupt", priority: 90 },
    { text: "openai/gpt-5", shorter: ["gpt-5"], priority: 80 },
    { text: "mode: ask", priority: 70 },
    { text: "$0.12", priority: 60 },
    { text: "9k in / 2k out", priority: 30 },
  ];

  it("keeps everything that fits, in order", () => {
    expect(texts(parts, 200)).toEqual(parts.map((p) => p.text));
    const exact = parts.map((p) => p.text).join(" · ");
    expect(texts(parts, visibleWidth(exact))).toEqual(parts.map((p) => p.text));
  });

  it("drops the lowest priority first, shortening a part before dropping it", () => {
    // 13 + 3 + 16 + 3 + 12 + 3 + 9 + 3 + 5 = 67: the tokens go first.
    expect(texts(parts, 67)).toEqual([
      "⠋ working 12s",
      "Esc to interrupt",
      "openai/gpt-5",
      "mode: ask",
      "$0.12",
    ]);
    expect(texts(parts, 59)).toEqual(["⠋ working 12s", "Esc to interrupt", "openai/gpt-5", "mode: ask"]);
    expect(texts(parts, 47)).toEqual(["⠋ working 12s", "Esc to interrupt", "openai/gpt-5"]);
    expect(texts(parts, 40)).toEqual(["⠋ working 12s", "Esc to interrupt", "gpt-5"]);
    expect(texts(parts, 39)).toEqual(["⠋ working 12s", "Esc to interrupt"]);
    expect(texts(parts, 31)).toEqual(["⠋ working 12s"]);
  });

  it("never drops a kept part: it is shortened, then left for the caller to cut", () => {
    expect(texts(parts, 12)).toEqual(["⠋ 12s"]);
    expect(texts(parts, 3)).toEqual(["⠋ 12s"]);
  });

  it("uses a part's shorter form at its own priority, before a more important part is dropped", () => {
    const model: StatusPart = { text: "anthropic/claude", shorter: ["claude"], shortenAt: 55, priority: 80 };
    const cost: StatusPart = { text: "$0.05", priority: 60 };
    expect(texts([model, cost], 24)).toEqual(["anthropic/claude", "$0.05"]);
    expect(texts([model, cost], 23)).toEqual(["claude", "$0.05"]);
    expect(texts([model, cost], 13)).toEqual(["claude"]);
    // Without `shortenAt`, only just before the part itself would go.
    expect(texts([{ ...model, shortenAt: undefined }, cost], 23)).toEqual(["anthropic/claude"]);
  });

  it("gives up the later of two parts of equal priority first", () => {
    const tie: StatusPart[] = [
      { text: "first", priority: 1 },
      { text: "second", priority: 1 },
    ];
    expect(texts(tie, 10)).toEqual(["first"]);
  });

  it("measures in cells: wide characters count twice", () => {
    const wide: StatusPart[] = [
      { text: "模型名字", priority: 2 },
      { text: "abc", priority: 1 },
    ];
    expect(texts(wide, 14)).toEqual(["模型名字", "abc"]);
    expect(texts(wide, 13)).toEqual(["模型名字"]);
  });
});

it("writes elapsed time in whole seconds, then minutes and hours", () => {
  expect(elapsedText(0)).toBe("0s");
  expect(elapsedText(12_900)).toBe("12s");
  expect(elapsedText(185_000)).toBe("3m 05s");
  expect(elapsedText(3_720_000)).toBe("1h 02m");
});

it("shows the working state and its elapsed time at every width, never wider than the width", () => {
  const state = createViewState("anthropic/claude-sonnet-4-5", "/w");
  state.conversation = {
    ...state.conversation,
    turn_running: true,
    mode: "ask",
    sandbox: "bubblewrap: workspace-write in /w, network off, private /tmp",
    context_tokens: 12_000,
    context_window: 200_000,
    session_usage: { input: 12_000, cached_input: 0, cache_write: 0, output: 800, reasoning: 0 },
    session_cost: { input: 0, cached_input: 0, cache_write: 0, output: 0, total: 0.05 },
  };
  state.turnStartedAt = 1_000;
  for (const style of [createStyle(false), createStyle(true)]) {
    for (let width = 8; width <= 160; width++) {
      const row = statusLine(state, { width, now: 13_400, style });
      expect(visibleWidth(row)).toBeLessThanOrEqual(width);
      if (width >= 6) expect(row).toContain("12s");
      if (width >= 13) expect(row).toContain("working 12s");
    }
  }
  const row = (width: number) =>
    stripAnsi(statusLine(state, { width, now: 13_400, style: createStyle(false) }));
  expect(row(40)).toBe("⠼ working 12s · Esc to interrupt");
  // The provider goes before the cost does.
  expect(row(80)).toBe("⠼ working 12s · Esc to interrupt · claude-sonnet-4-5 · mode: ask · $0.05");
  expect(row(160)).toContain(" · 6% context · 12k in / 800 out · $0.05");
});

it("says the turn waits for the user while a call waits for approval", () => {
  const state = createViewState("fake/model", "/w");
  state.conversation = { ...state.conversation, turn_running: true };
  state.turnStartedAt = 0;
  state.approval = { callId: "c1", shownAt: 0, tool: "shell", summary: "rm -rf build", reasons: [] };
  const row = (width: number) =>
    stripAnsi(statusLine(state, { width, now: 7_000, style: createStyle(false) }));
  expect(row(80)).toBe("… waiting for your approval 7s · Esc to interrupt · model · mode: default · $0");
  expect(row(40)).toBe("… waiting for your approval 7s");
  expect(row(12)).toBe("… approval 7s".slice(0, 12));
  state.approval = undefined;
  expect(row(40)).toBe("⠋ working 7s · Esc to interrupt · model");
});
