/**
 * What a `!` command shows: live rows while it runs and the transcript rows once it ends (the last lines of
 * the output). What the model is told of it: src/app/user-shell-context.ts.
 */
import { formatDuration } from "../app/format.ts";
import type { UserShellResult } from "../app/user-shell.ts";
import { outcomeText } from "../app/user-shell-context.ts";
import { inertLine } from "./inert-text.ts";
import type { Style } from "./style.ts";
import { visibleWidth, wrapLine } from "./text-width.ts";

/** A `!` command while it runs, as the live part shows it. */
export interface LiveShellEscape {
  command: string;
  startedAt: number;
  /** The end of its output so far (bounded by the controller). */
  recent: string;
}

/** Output must not drive the terminal: control characters show as `^[`-style text, a CR before LF not at all. */
export function visibleControls(line: string): string {
  return inertLine(line.replace(/\r$/, ""));
}

const outputLines = (text: string) => {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
};

/** `text` cut to `room` columns, with `…` when something was left out. */
function cut(text: string, room: number): string {
  if (visibleWidth(text) <= room) return text;
  let out = "";
  for (const c of text) {
    if (visibleWidth(`${out}${c}…`) > room) break;
    out += c;
  }
  return `${out}…`;
}

/** The running command and its last few output lines, each cut to one row. */
export function liveShellRows(
  live: LiveShellEscape,
  width: number,
  now: number,
  s: Style,
  lines = 5,
): string[] {
  const elapsed = s.dim(` (${formatDuration(now - live.startedAt)} · Esc to stop)`);
  const rows = [
    `${s.yellow("!")} ${s.bold(cut(visibleControls(live.command), Math.max(10, width - 33)))}${elapsed}`,
  ];
  const shown = outputLines(live.recent)
    .filter((l) => l.trim())
    .slice(-lines);
  for (const line of shown) rows.push(s.dim(wrapLine(`  ${visibleControls(line)}`, width)[0] ?? ""));
  return rows;
}

/**
 * Transcript lines: `! command`, the last `maxLines` lines of the output (a note says how many earlier ones
 * are not shown), and how it ended with its duration. Lines are unwrapped; the transcript wraps them.
 */
export function shellTranscriptLines(r: UserShellResult, s: Style, maxLines = 200): string[] {
  const whole = r.omittedChars === 0;
  const lines = outputLines(whole ? r.head + r.tail : r.tail);
  const total = r.lineBreaks + (/[^\n]$/.test(r.tail || r.head) ? 1 : 0);
  const shown = lines.slice(-maxLines);
  const hidden = Math.max(0, total - shown.length);
  const failed = r.error || r.killed || r.signal || r.exitCode !== 0;
  return [
    "",
    s.bold(`${s.cyan("!")} ${visibleControls(r.command)}`),
    ...(hidden > 0 ? [s.dim(`… ${hidden} earlier lines not shown`)] : []),
    ...shown.map(visibleControls),
    (failed ? s.red : s.dim)(`${outcomeText(r)} · ${formatDuration(r.durationMs)}`),
  ];
}
