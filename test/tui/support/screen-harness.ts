/** A screen drawing into a headless terminal, for rendering tests: feed events, read what a person sees. */
import type { AgentEventBody } from "../../../src/protocol/events.ts";
import { createScreen, type Screen } from "../../../src/tui/screen.ts";
import { createStyle } from "../../../src/tui/style.ts";
import type { Theme } from "../../../src/tui/theme.ts";
import { createHeadlessTerminal, type HeadlessTerminal } from "./headless-terminal.ts";

export interface Harness {
  term: HeadlessTerminal;
  screen: Screen;
  /** Applies the events, draws, and waits for the terminal to parse the output. */
  feed(...events: AgentEventBody[]): Promise<void>;
  /** Every row (scrollback and screen) joined by newlines. */
  text(): string;
}

export function createHarness(
  options: { cols?: number; rows?: number; color?: boolean; theme?: Theme } = {},
): Harness {
  const term = createHeadlessTerminal(options.cols ?? 80, options.rows ?? 24);
  const screen = createScreen({
    terminal: { write: (d) => term.write(d), columns: () => term.cols, rows: () => term.rows },
    style: createStyle(options.color ?? false, options.theme),
    model: "fake/fake-model",
    cwd: "/project",
    frameIntervalMs: 0,
  });
  return {
    term,
    screen,
    async feed(...events) {
      for (const e of events) screen.apply(e);
      await screen.idle();
      await term.flush();
    },
    text: () => term.lines().join("\n"),
  };
}

export const usageEvent = (contextTokens: number, total: number): AgentEventBody => ({
  type: "usage",
  turn_id: "t1",
  usage: { input: 1000, cached_input: 0, cache_write: 0, output: 200, reasoning: 0 },
  cost: { input: 0, cached_input: 0, cache_write: 0, output: 0, total },
  session_usage: { input: 1000, cached_input: 0, cache_write: 0, output: 200, reasoning: 0 },
  session_cost: { input: 0, cached_input: 0, cache_write: 0, output: 0, total },
  context_tokens: contextTokens,
  context_window: 100_000,
});
