/**
 * The rendering pipeline: events update the view state, and frames (at most one per `frameIntervalMs`)
 * commit finished items to the scrollback and redraw the live part through the line renderer. Holds no
 * agent logic and reads no input; app.ts drives it.
 */
import type { Conversation, ConversationInput } from "../conversation/types.ts";
import { type Composer, type ComposerView, createComposer } from "./composer.ts";
import { rememberApprovalDiff, rememberItem } from "./expand-view.ts";
import { createExpandableStore, type ExpandableStore } from "./expandable.ts";
import { highlighterReady, loadHighlighter } from "./highlight.ts";
import { createLineRenderer } from "./line-renderer.ts";
import { loadMarkdown, markdownReady } from "./markdown.ts";
import { SPINNER_FRAME_MS, statusLine } from "./status-line.ts";
import { commitFinishedBlocks, withoutPartialFence } from "./stream-commit.ts";
import type { Style } from "./style.ts";
import type { TuiTerminal } from "./terminal.ts";
import { renderItem, renderLive } from "./view.ts";
import { applyInput, createViewState, type Item, loadConversation, type ViewState } from "./view-state.ts";

export interface ScreenOptions {
  terminal: Pick<TuiTerminal, "write" | "columns" | "rows">;
  style: Style;
  model: string;
  cwd: string;
  /** Minimum time between frames. Default 1000/60 ms (60 fps); twice the last frame's cost when that is more. */
  frameIntervalMs?: number;
  /**
   * How often the status line's spinner and elapsed time move while a turn runs. Such a frame redraws the
   * status line alone (the rest of the live part is reused, so the terminal gets one row). Default 100 ms
   * (10 a second).
   */
  spinnerIntervalMs?: number;
  /** Rows drawn just above the composer (the `@` file popup). Default none. */
  popup?: ComposerView;
  now?: () => number;
}

export interface Screen {
  readonly state: ViewState;
  readonly composer: Composer;
  /** Tool output and collapsed reasoning committed so far, for Ctrl+O (kept across /new). */
  readonly expandable: ExpandableStore;
  /** Applies an event, or the user's own action (a message, a steer, an approval answer). */
  apply(input: ConversationInput): void;
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
  /** Takes `conversation` as the session's so far (a resumed one: its transcript is written after what is pending). */
  load(conversation: Conversation): void;
  /** Frames drawn so far (for the benchmark). */
  readonly frames: number;
}

/**
 * Streaming text kept for the live view: enough to fill the screen, cut at a paragraph (fences kept open).
 * At most `maxChars` characters and `maxLines` non-blank lines (each makes at least one row, so twice the
 * screen height is plenty): code is short lines, and rendering 9,600 characters of it for a 40-row screen
 * made each frame ~3× dearer than needed. Default `maxLines`: no limit.
 */
export function liveTail(text: string, maxChars: number, maxLines = Infinity): string {
  let start = Math.max(0, text.length - maxChars);
  let lines = 0;
  for (let end = text.length; end > start; ) {
    const nl = text.lastIndexOf("\n", end - 1);
    if (nl < start) break;
    if (nl < end - 1 && ++lines >= maxLines) {
      start = nl;
      break;
    }
    end = nl;
  }
  if (start === 0) return text;
  // A paragraph break in the first half of the tail is a clean cut; past that it would hide too much.
  let cut = text.indexOf("\n\n", start);
  if (cut === -1 || cut > start + (text.length - start) / 2) cut = start;
  // Not inside a surrogate pair: half an emoji would show as a replacement character.
  if (/[\udc00-\udfff]/.test(text[cut] ?? "")) cut++;
  // Reopen a fence cut through with its own language: a bare fence made the highlighter guess the
  // language on every frame (highlight.js tries them all), the dearest part of a frame.
  const fences = text.slice(0, cut).match(/^```.*$/gm) ?? [];
  return (fences.length % 2 === 1 ? `${fences.at(-1)}\n` : "") + text.slice(cut).replace(/^\n+/, "");
}

export function createScreen(options: ScreenOptions): Screen {
  const { terminal, style } = options;
  const interval = options.frameIntervalMs ?? 1000 / 60;
  const spinnerInterval = options.spinnerIntervalMs ?? SPINNER_FRAME_MS;
  const now = options.now ?? (() => performance.now());
  let state = createViewState(options.model, options.cwd);
  const composer = createComposer({ style, placeholder: " Type a message · /help" });
  const renderer = createLineRenderer({
    write: (d) => terminal.write(d),
    rows: () => terminal.rows(),
    // A live row wider than the terminal is cut, not wrapped into the rows below it.
    columns: () => terminal.columns(),
  });
  let timer: NodeJS.Timeout | undefined;
  let lastFrame = -Infinity;
  /** How long the last frame took to render its live part. */
  let frameCost = 0;
  let holding = false;
  let closing = false;
  let frames = 0;
  let idleWaiters: (() => void)[] = [];
  let ticker: NodeJS.Timeout | undefined;
  let spinner: NodeJS.Timeout | undefined;
  /** The live part as last drawn, and whether anything but the clock changed since (then it is rendered again). */
  let lastLive: string[] = [];
  let changed = true;
  const expandable = createExpandableStore();
  /**
   * The diff of an approval asked since the last frame: remembered for Ctrl+O as that frame commits, after what
   * the frame commits before it (a tool call that finished just before the approval came), so that the newest
   * entry is the change the prompt asks about.
   */
  let approvalDiff: { summary: string; diff: string } | undefined;

  const settle = () => {
    if (timer || holding) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const draw = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    commitFinishedBlocks(state);
    const needsCode = state.pending.some((i) => i.kind === "assistant" && i.text.includes("```"));
    const waitCode = needsCode && style.color && !highlighterReady();
    // marked loads after the first frame (a resumed session's first frame waits for it).
    const waitMarkdown =
      !markdownReady() && (state.streaming !== "" || state.pending.some((i) => i.kind === "assistant"));
    if (waitCode || waitMarkdown) {
      // Finished messages are written once, so wait for marked and the highlighter rather than commit plain text.
      holding = true;
      void Promise.all([waitCode && loadHighlighter(), waitMarkdown && loadMarkdown()]).then(() => {
        holding = false;
        draw();
        if (closing) renderer.finish();
      });
      return;
    }
    // Laid out at the terminal's width (a narrow pane too); the renderer cuts a live row that still overflows.
    const width = Math.max(8, terminal.columns());
    const height = Math.max(4, terminal.rows());
    const view = { width, height, style, now: now() };
    const commit: string[] = [];
    for (const item of state.pending) {
      commit.push(...renderItem(item, view));
      rememberItem(expandable, item, width);
    }
    state.pending = [];
    if (approvalDiff) rememberApprovalDiff(expandable, approvalDiff.summary, approvalDiff.diff);
    approvalDiff = undefined;
    let live: string[];
    if (!changed && commit.length === 0 && lastLive.length > 0 && !closing) {
      // Only the clock moved (the spinner): the status line is the live part's last row; the rest stands.
      live = [...lastLive.slice(0, -1), statusLine(state, view)];
    } else {
      const streaming = liveTail(withoutPartialFence(state.streaming), width * height * 2, height * 2);
      const shown = { ...state, streaming };
      const liveStart = now();
      live = closing ? [] : renderLive(shown, composer, view, options.popup);
      // Only the live part repeats frame after frame; a one-off commit (a long answer) does not count.
      frameCost = now() - liveStart;
    }
    changed = false;
    lastLive = live;
    renderer.render(commit, live);
    lastFrame = now();
    frames++;
    // Load the highlighter once the first frame is up, off the start-up path: loading it when the first
    // code block streams in stalled a fast stream for 0.3–0.5 s (bench/tui-stream.ts).
    if (frames === 1 && style.color) setTimeout(() => void loadHighlighter(), 250).unref();
    // marked (~10 ms to load) is needed at the first answer, not for the composer (bench/tui-start.ts).
    if (frames === 1) void loadMarkdown();
    // Running tools show their elapsed time: redraw once a second while any runs.
    const running = Object.keys(state.conversation.running).length;
    if (running > 0 && !ticker) {
      ticker = setInterval(() => schedule(), 1000);
      ticker.unref();
    } else if (running === 0 && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
    // A running turn shows a spinner and its elapsed time: the status line moves 10 times a second.
    if (state.conversation.turn_running && !spinner && !closing) {
      spinner = setInterval(() => request(), spinnerInterval);
      spinner.unref();
    } else if ((!state.conversation.turn_running || closing) && spinner) {
      clearInterval(spinner);
      spinner = undefined;
    }
    settle();
  };

  /** Asks for a frame; one asked for by `schedule` (not only the clock) renders the whole live part. */
  const request = () => {
    if (timer || holding) return;
    // A dear frame (a fast stream's tail full of new code) stretches the interval to twice its cost, so
    // drawing takes at most a third of the time and the stream is never starved to draw it. A frame that
    // only moves the spinner costs next to nothing and is not held back by the last dear one.
    const due = () => lastFrame + (changed ? Math.max(interval, frameCost * 2) : interval);
    // Node's timers run on a millisecond clock that can fire a little early: wait out the rest, so frames
    // stay at most 60 a second (bench/tui-stream.ts counted 61–62 in a second with a bare timeout).
    const tick = (again: boolean) => {
      const early = due() - now();
      if (again && early > 0) timer = setTimeout(() => tick(false), early);
      else draw();
    };
    timer = setTimeout(() => tick(true), Math.max(0, due() - now()));
  };

  const schedule = () => {
    changed = true;
    request();
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
    apply(input) {
      applyInput(state, input, now());
      if (input.type === "approval_requested" && input.diff)
        approvalDiff = { summary: input.summary, diff: input.diff };
      schedule();
    },
    push(item) {
      state.pending.push(item);
      schedule();
    },
    schedule,
    draw() {
      changed = true;
      draw();
    },
    resized() {
      renderer.resized(Math.max(1, terminal.columns()));
      schedule();
    },
    idle() {
      if (!timer && !holding) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    close() {
      if (ticker) clearInterval(ticker);
      if (spinner) clearInterval(spinner);
      ticker = undefined;
      spinner = undefined;
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
    load(conversation) {
      loadConversation(state, conversation);
      schedule();
    },
  };
}
