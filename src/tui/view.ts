/**
 * State to rows: `renderItem` for a finished transcript item (written once to the scrollback) and
 * `renderLive` for the part that redraws (streaming message, running tools, queued steers, approval prompt,
 * composer, status line). Every row is wrapped to `width`.
 */

import { formatCheckpointProgress, formatDuration } from "../app/format.ts";
import { runningCalls } from "../conversation/reduce.ts";
import { refusalLines } from "../conversation/refusal.ts";
import { approvalHint } from "./approval-answer.ts";
import type { ComposerView } from "./composer.ts";
import { plainText, reasoningRows } from "./expand-view.ts";
import { inertText } from "./inert-text.ts";
import { renderMarkdown } from "./markdown.ts";
import { liveShellRows } from "./shell-escape-text.ts";
import { statusLine } from "./status-line.ts";
import type { Style } from "./style.ts";
import { cutLine, visibleWidth, wrapLine, wrapText } from "./text-width.ts";
import { renderTodoRows } from "./todo-view.ts";
import { MAX_DIFF_ROWS, renderDiffRows } from "./tool-diff.ts";
import type { Item, ViewState } from "./view-state.ts";

export interface ViewOptions {
  width: number;
  height: number;
  style: Style;
  /** Clock for running tools' elapsed time. */
  now: number;
}

const marks = { ok: "✓", error: "✗", denied: "⊘", interrupted: "■", running: "…" } as const;

/** One row per tool call: mark, tool, argument summary, status when not ok, duration. */
export function toolLine(raw: Extract<Item, { kind: "tool" }>, width: number, s: Style): string {
  // Tool names, arguments and reasons come from the model and tools: shown inert (inert-text.ts).
  const item = {
    ...raw,
    tool: inertText(raw.tool),
    summary: inertText(raw.summary),
    reason: raw.reason && inertText(raw.reason),
  };
  const color = item.status === "ok" ? s.green : item.status === "denied" ? s.yellow : s.red;
  // A negative duration means unknown (resumed history does not save it).
  const parts = [
    item.duration_ms >= 0 ? formatDuration(item.duration_ms) : "",
    item.status === "ok" ? "" : item.status,
  ];
  const shown = parts.filter(Boolean).join(", ");
  const tail = shown ? ` (${shown})` : "";
  const room = Math.max(0, width - visibleWidth(item.tool) - tail.length - 3);
  // Cut by cells, not characters: a CJK summary is twice as wide as it is long.
  const cutTo = (text: string, cells: number) =>
    visibleWidth(text) > cells ? `${cutLine(text, Math.max(0, cells - 1))}…` : text;
  const summary = cutTo(item.summary, room);
  const line = `${color(marks[item.status])} ${s.bold(item.tool)}${summary ? ` ${summary}` : ""}${s.dim(tail)}`;
  // The reason goes on the same line, in whatever room is left: one line per call.
  const left = width - visibleWidth(line) - 3;
  if (!item.reason || left < 10) return line;
  const reason = cutTo(item.reason, left);
  return `${line}${s.dim(` · ${reason}`)}`;
}

export function renderItem(item: Item, o: ViewOptions): string[] {
  const s = o.style;
  switch (item.kind) {
    case "user": {
      const label = item.steer ? "› (steer) " : "› ";
      const rows = wrapText(inertText(item.text), o.width - label.length);
      return ["", ...rows.map((r, i) => s.bold(i === 0 ? s.cyan(label) + r : " ".repeat(label.length) + r))];
    }
    case "assistant":
      return ["", ...renderMarkdown(item.text, { width: o.width, style: s })];
    case "reasoning":
      return ["", ...reasoningRows(item.text, o.width, s)];
    case "tool": {
      if (item.refusal) {
        // Refused by the safety policy: the whole reason and every way to allow it, as exec prints them (issue
        // 10), not just the reason's first line beside the call.
        const { reason: _shownBelow, ...call } = item;
        const rows = refusalLines(item.refusal).flatMap((line) => wrapText(inertText(line), o.width));
        return [toolLine(call, o.width, s), ...rows.map((row) => s.dim(row))];
      }
      return [toolLine(item, o.width, s), ...(item.diff ? renderDiffRows(item.diff, o.width, s) : [])];
    }
    case "notice": {
      const prefix =
        item.level === "error" ? s.red("error: ") : item.level === "warning" ? s.yellow("warning: ") : "";
      const text = inertText(item.text);
      return wrapText(`${prefix}${item.level === "info" ? s.dim(text) : text}`, o.width);
    }
    case "todos":
      return renderTodoRows(item.items, o.width, s);
    case "output":
      return item.lines.flatMap((line) => wrapLine(line, o.width));
  }
}

/**
 * Rows of the live part kept besides the approval's own (the composer, the status line, the running call's
 * line, the diff's count row, blank rows), so a long diff does not push the prompt's first line off screen.
 */
const LIVE_ROOM = 6;

/** `draft`: what the composer holds, which decides what Enter does (approval-answer.ts) and so the hint. */
function approvalRows(state: ViewState, o: ViewOptions, draft: string): string[] {
  const a = state.approval;
  if (!a) return [];
  const s = o.style;
  const risk = a.risk ? ` [${a.risk}]` : "";
  const rows = [
    "",
    ...wrapText(
      `${s.yellow(s.bold("Approve?"))} ${s.bold(inertText(a.tool))}${inertText(risk)}: ${inertText(a.summary)}`,
      o.width,
    ),
  ];
  for (const reason of a.reasons) rows.push(...wrapText(s.dim(`  - ${inertText(reason)}`), o.width));
  // Wrapped: at 80 columns the hint is wider than the screen.
  const hint = wrapText(`  ${approvalHint(a.armed, draft)}`, o.width).map((r) => s.dim(r));
  // The change itself, never approved unseen: capped so the prompt stays whole on a short screen, and the
  // rest one key away (the screen keeps the whole diff for Ctrl+O).
  if (a.diff) {
    const room = o.height - rows.length - hint.length - LIVE_ROOM;
    const cap = Math.min(MAX_DIFF_ROWS, Math.max(3, room));
    rows.push(...renderDiffRows(a.diff, o.width, s, cap, "Ctrl+O shows the whole diff"));
  }
  rows.push(...hint);
  return rows;
}

/** The live part, bottom-aligned: the composer and status line always show; the streaming text is cut at the top. */
export function renderLive(
  state: ViewState,
  composer: ComposerView,
  o: ViewOptions,
  /** Rows just above the composer, e.g. the `@` file popup. */
  popup?: ComposerView,
): string[] {
  const s = o.style;
  const body: string[] = [];
  const c = state.conversation;
  if (c.reasoning) {
    body.push("", ...wrapText(inertText(c.reasoning), o.width - 2).map((r) => s.dim(s.italic(`  ${r}`))));
  }
  if (state.streaming) body.push("", ...renderMarkdown(state.streaming, { width: o.width, style: s }));
  // Many parallel calls: the first few and a count, so they do not push the rest of the live part away.
  const running = runningCalls(c);
  const maxTools = Math.max(3, Math.floor(o.height / 4));
  for (const tool of running.slice(0, maxTools)) {
    const tail = s.dim(` (${formatDuration(o.now - (state.toolStartedAt.get(tool.call_id) ?? o.now))})`);
    body.push(
      wrapLine(
        `${s.yellow("…")} ${s.bold(inertText(tool.tool))} ${inertText(tool.summary)}`,
        o.width - 10,
      )[0] + tail,
    );
    // Waiting for the first checkpoint, a call has no output yet: its progress shows there.
    const last = tool.last_line ?? (tool.checkpoint && formatCheckpointProgress(tool.checkpoint));
    if (last) body.push(s.dim(wrapLine(`  ${plainText(last)}`, o.width)[0] ?? ""));
  }
  if (running.length > maxTools) body.push(s.dim(`… ${running.length - maxTools} more running`));
  // A long plan gets a window around its step in progress: the rest of the live part stays in view.
  if (c.todos) body.push(...renderTodoRows(c.todos, o.width, s, Math.max(6, Math.floor(o.height / 3))));
  for (const steer of c.steers)
    body.push(...wrapText(s.dim(`› (queued steer) ${inertText(steer.text)}`), o.width));
  if (state.shellEscape) body.push("", ...liveShellRows(state.shellEscape, o.width, o.now, s));
  body.push(...approvalRows(state, o, composer.text ?? ""));
  if (state.picker) body.push(...state.picker.rows(o.width, o.height - 6, s));
  const bottom = ["", ...(popup?.rows(o.width) ?? []), ...composer.rows(o.width), statusLine(state, o)];
  const room = Math.max(0, o.height - bottom.length);
  return [...(body.length > room ? body.slice(body.length - room) : body), ...bottom];
}
