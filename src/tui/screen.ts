/**
 * The rendering pipeline: events update the view state, and frames (at most one per `frameIntervalMs`)
 * commit finished items to the scrollback and redraw the live part through the line renderer. Holds no
 * agent logic and reads no input; app.ts drives it.
 */
import type { AgentEvent } from "../protocol/events.ts";
import { type Composer, type ComposerView, createComposer } from "./composer.ts";
import { rememberItem } from "./expand-view.ts";
import { createExpandableStore, type ExpandableStore } from "./expandable.ts";
import { highlighterReady, loadHighlighter } from "./highlight.ts";
import { createLineRenderer } from "./line-renderer.ts";
import type { Style } from "./style.ts";
import type { TuiTerminal } from "./terminal.ts";
import { renderItem, renderLive } from "./view.ts";
import { applyEvent, createViewState, type Item, type ViewState } from "./view-state.ts";

export interface ScreenOptions {
  terminal: Pick<TuiTerminal, "write" | "columns" | "rows">;
  style: Style;
  model: string;
  cwd: string;
  /** Minimum time between frames. Default 16 ms (60 fps). */
  frameIntervalMs?: number;
  /** Rows drawn just above the composer (the `@` file popup). Default none. */
  popup?: ComposerView;
  now?: () => number;
}

export interface Screen {
  readonly state: ViewState;
  readonly composer: Composer;
  /** Tool output and collapsed reasoning committed so far, for Ctrl+O (kept across /new). */
  readonly expandable: ExpandableStore;
  apply(event: AgentEvent): void;
  /** Adds a finished item (the user's own message, command output). */
  push(item: Item): void;
  /** Asks for a frame (coalesced). */
  schedule(): void;
  /** Draws a frame now. */
  draw(): void;
  resized(): void;
  /** Resolves once no frame is scheduled or held. */
  idle(): Promise<void>;
  /** Commits what is pending, clears the live part and leaves the cursor below the transcript. */
  close(): void;
  /** Starts over with a fresh state (a new session); the scrollback stays. */
  reset(model: string, cwd: string): void;
  /** Frames drawn so far (for the benchmark). */
  readonly frames: number;
}

/** Streaming text kept for the live view: enough to fill the screen, cut at a paragraph (fences kept open). */
export function liveTail(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let cut = text.indexOf("\n\n", text.length - maxChars);
  if (cut === -1) cut = text.length - maxChars;
  const fences = (text.slice(0, cut).match(/^```/gm) ?? []).length;
  return (fences % 2 === 1 ? "```\n" : "") + text.slice(cut).replace(/^\n+/, "");
}

export function createScreen(options: ScreenOptions): Screen {
  const { terminal, style } = options;
  const interval = options.frameIntervalMs ?? 16;
  const now = options.now ?? (() => performance.now());
  let state = createViewState(options.model, options.cwd);
  const composer = createComposer({ style, placeholder: " Type a message · /help" });
  const renderer = createLineRenderer({ write: (d) => terminal.write(d), rows: () => terminal.rows() });
  let timer: NodeJS.Timeout | undefined;
  let lastFrame = -Infinity;
  let holding = false;
  let closing = false;
  let frames = 0;
  let idleWaiters: (() => void)[] = [];
  let ticker: NodeJS.Timeout | undefined;
  const expandable = createExpandableStore();

  const settle = () => {
    if (timer || holding) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const draw = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const needsCode = state.pending.some((i) => i.kind === "assistant" && i.text.includes("```"));
    if (needsCode && style.color && !highlighterReady()) {
      // Finished messages are written once, so wait for the highlighter rather than commit plain code.
      holding = true;
      void loadHighlighter().then(() => {
        holding = false;
        draw();
        if (closing) renderer.finish();
      });
      return;
    }
    const width = Math.max(20, terminal.columns());
    const height = Math.max(4, terminal.rows());
    const view = { width, height, style, now: now() };
    const commit: string[] = [];
    for (const item of state.pending) {
      commit.push(...renderItem(item, view));
      rememberItem(expandable, item, width);
    }
    state.pending = [];
    const shown = { ...state, streaming: liveTail(state.streaming, width * height * 2) };
    renderer.render(commit, closing ? [] : renderLive(shown, composer, view, options.popup));
    lastFrame = now();
    frames++;
    // Running tools show their elapsed time: redraw once a second while any runs.
    if (state.tools.size > 0 && !ticker) {
      ticker = setInterval(() => schedule(), 1000);
      ticker.unref();
    } else if (state.tools.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
    settle();
  };

  const schedule = () => {
    if (timer || holding) return;
    const wait = Math.max(0, lastFrame + interval - now());
    timer = setTimeout(draw, wait);
  };

  return {
    get state() {
      return state;
    },
    composer,
    expandable,
    get frames() {
      return frames;
    },
    apply(event) {
      applyEvent(state, event, now());
      schedule();
    },
    push(item) {
      state.pending.push(item);
      schedule();
    },
    schedule,
    draw,
    resized() {
      renderer.resized(Math.max(20, terminal.columns()));
      schedule();
    },
    idle() {
      if (!timer && !holding) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    close() {
      if (ticker) clearInterval(ticker);
      ticker = undefined;
      // At exit the live part (composer, status) is cleared; the transcript stays in the scrollback.
      closing = true;
      if (holding) return;
      draw();
      renderer.finish();
    },
    reset(model, cwd) {
      state = createViewState(model, cwd);
      schedule();
    },
  };
}
