/**
 * The status line under the composer: while a turn runs, a spinner with the time it has been running and how
 * to stop it (while a call waits for approval, that it waits for you); then model, mode, sandbox, context,
 * tokens and cost. It always fits one row: each part declares how much it matters, and when the row is too
 * narrow the least important thing goes first (a part, or the full form of a part that has a shorter one).
 * The working state is never dropped: cut as one string, it was past the right edge at 80 columns, and
 * nothing showed the model was thinking.
 */

import { formatCost, formatTokens } from "../app/format.ts";
import { inertText } from "./inert-text.ts";
import type { Style } from "./style.ts";
import { cutLine, visibleWidth } from "./text-width.ts";
import type { ViewState } from "./view-state.ts";

export interface StatusPart {
  /** Plain text, no styling (measured before it is painted). */
  text: string;
  /** How much it matters: the lowest is dropped first. Ties: the later part goes first. */
  priority: number;
  /** Shorter forms, each shorter than the one before. Default none. */
  shorter?: string[];
  /**
   * How much the full form matters over the shorter ones: the shorter forms are used when this is the lowest
   * priority left (`openai/gpt-5` → `gpt-5` before the cost is dropped). Default `priority`: just before the
   * part would be dropped.
   */
  shortenAt?: number;
  /** Never dropped, only shortened (then the row is cut). Default false. */
  keep?: boolean;
  /** Paints the text once it fits. Default: dim. */
  paint?: (text: string) => string;
}

export const SEPARATOR = " · ";

/**
 * The parts that fit in `width` cells joined by `SEPARATOR`, each as the form it got, in their order. The row
 * gives up one thing at a time, the least important first: a part's next shorter form (at its `shortenAt`) or
 * the part (at its `priority`, unless `keep`); on a tie the later part, and a part is shortened before it is
 * dropped. A row that still does not fit (only kept parts left, at their shortest) is returned as it is: the
 * caller cuts it.
 */
export function fitStatus(parts: readonly StatusPart[], width: number): { part: StatusPart; text: string }[] {
  const forms = parts.map((p) => [p.text, ...(p.shorter ?? [])]);
  /** The form each part shows (an index into its forms), or -1 once dropped. */
  const chosen = parts.map(() => 0);
  const rowWidth = () => {
    let total = 0;
    let shown = 0;
    chosen.forEach((form, i) => {
      if (form < 0) return;
      total += visibleWidth(forms[i]?.[form] ?? "");
      shown++;
    });
    return total + Math.max(0, shown - 1) * SEPARATOR.length;
  };
  /** Each thing that can be given up: part `index` goes to form `form` (-1: dropped). */
  const steps = parts.flatMap((part, index) => [
    ...(part.shorter ?? []).map((_, k) => ({
      index,
      form: k + 1,
      priority: part.shortenAt ?? part.priority,
    })),
    ...(part.keep ? [] : [{ index, form: -1, priority: part.priority }]),
  ]);
  // Stable sort: within one part, shorter forms stay before dropping it.
  steps.sort((a, b) => a.priority - b.priority || b.index - a.index);
  for (const step of steps) {
    if (rowWidth() <= width) break;
    if ((chosen[step.index] ?? -1) >= 0) chosen[step.index] = step.form;
  }
  return parts.flatMap((part, i) => {
    const form = chosen[i] ?? -1;
    return form < 0 ? [] : [{ part, text: forms[i]?.[form] ?? "" }];
  });
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
/** Milliseconds per spinner frame: 10 a second, as the screen redraws the status line at most that often. */
export const SPINNER_FRAME_MS = 100;

/** Whole seconds while they are few, then minutes and hours: `12s`, `3m 05s`, `1h 02m`. */
export function elapsedText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

/**
 * The sandbox in a few words, from its one-line description (`bubblewrap: workspace-write in /w, network
 * off, private /tmp`, `no sandbox (full-access)`): what commands may write, and the network when it is on.
 */
export function sandboxLabel(description: string | undefined): string | undefined {
  if (!description) return undefined;
  if (description.startsWith("no sandbox")) return "no sandbox";
  const scope = /workspace-write|read-only/.exec(description)?.[0];
  if (!scope) return undefined;
  return `sandbox: ${scope}${/network on/.test(description) ? ", network on" : ""}`;
}

/** The parts of the status line for `state` at `now` (the screen's clock), in the order they show. */
export function statusParts(state: ViewState, now: number, s: Style): StatusPart[] {
  const parts: StatusPart[] = [];
  const c = state.conversation;
  if (c.turn_running) {
    const elapsed = now - (state.turnStartedAt ?? now);
    const spin = SPINNER[Math.floor(elapsed / SPINNER_FRAME_MS) % SPINNER.length] ?? SPINNER[0];
    const time = elapsedText(elapsed);
    // While a call waits for the user the model is not thinking: the line says who it waits for, still.
    const waiting = state.approval !== undefined;
    parts.push(
      {
        text: waiting ? `… waiting for your approval ${time}` : `${spin} working ${time}`,
        shorter: [waiting ? `… approval ${time}` : `${spin} ${time}`],
        priority: 100,
        keep: true,
        paint: (t) => (waiting ? s.yellow(t) : s.cyan(t)),
      },
      { text: "Esc to interrupt", priority: 90 },
    );
  }
  const model = inertText(c.model);
  const name = model.slice(model.lastIndexOf("/") + 1);
  // The provider matters less than the cost; the model's name more than the mode.
  parts.push({ text: model, shorter: name && name !== model ? [name] : [], shortenAt: 55, priority: 80 });
  parts.push({ text: `mode: ${c.mode ?? "default"}`, priority: 70 });
  const sandbox = sandboxLabel(c.sandbox);
  if (sandbox) parts.push({ text: sandbox, priority: 40 });
  if (c.context_window > 0) {
    const percent = Math.round((100 * c.context_tokens) / c.context_window);
    parts.push({ text: `${percent}% context`, priority: 50 });
  }
  const u = c.session_usage;
  if (u) {
    const tokens = `${formatTokens(u.input + u.cached_input + u.cache_write)} in / ${formatTokens(u.output)} out`;
    parts.push({ text: tokens, priority: 30 });
  }
  parts.push({ text: formatCost(c.session_cost), priority: 60 });
  return parts;
}

/** The status line, fitted to `width` cells (see `fitStatus`) and painted. */
export function statusLine(state: ViewState, o: { width: number; now: number; style: Style }): string {
  const s = o.style;
  const fitted = fitStatus(statusParts(state, o.now, s), o.width);
  const row = fitted.map(({ part, text }) => (part.paint ?? s.dim)(text)).join(s.dim(SEPARATOR));
  return visibleWidth(row) > o.width ? cutLine(row, o.width) : row;
}
