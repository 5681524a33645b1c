/**
 * What a `!` command shows and what the model is told about it: live rows while it runs, the transcript
 * rows once it ends (the last lines of the output), and the block that carries it to the model (head and tail,
 * capped in bytes).
 */
import { formatDuration } from "../app/format.ts";
import { capText } from "../core/truncate.ts";
import { isConnectionSecret, isSecretName } from "../tools/env-scrub.ts";
import { inertLine } from "./inert-text.ts";
import type { ShellEscapeResult } from "./shell-escape.ts";
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

/** How it ended, in a few words: `exit 0`, `stopped`, `killed by SIGKILL`, or why it did not run. */
export function outcomeText(r: ShellEscapeResult): string {
  if (r.error) return r.error;
  if (r.killed) return "stopped by you";
  if (r.signal) return `killed by ${r.signal}`;
  return `exit ${r.exitCode}`;
}

/**
 * Transcript lines: `! command`, the last `maxLines` lines of the output (a note says how many earlier ones
 * are not shown), and how it ended with its duration. Lines are unwrapped; the transcript wraps them.
 */
export function shellTranscriptLines(r: ShellEscapeResult, s: Style, maxLines = 200): string[] {
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

/** Values of secret variables (secret-looking names, password URLs; 8 characters or more), longest first. */
function secretValues(env: NodeJS.ProcessEnv): [string, string][] {
  const secret = (name: string, value: string) => isSecretName(name) || isConnectionSecret(name, value);
  return Object.entries(env)
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[1].length >= 8 && secret(e[0], e[1]))
    .sort((a, b) => b[1].length - a[1].length);
}

/**
 * `text` with the values of the environment's secret-named variables replaced by `[$NAME]`: `!env` or a
 * pasted token must not reach the model provider or the session file.
 */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  let out = text;
  for (const [name, value] of secretValues(env)) out = out.split(value).join(`[$${name}]`);
  return out;
}

export interface ContextBlockOptions {
  /** Bytes of output kept (head and tail). Default 8_192. */
  maxBytes?: number;
  /** Whose secret values are redacted. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The message that gives the model the command and its output, e.g. "I ran `ls` in my terminal (exit 0):"
 * and a fenced block. Secret values are redacted first, then the output keeps its head and tail within
 * `maxBytes`.
 */
export function shellContextBlock(r: ShellEscapeResult, options: ContextBlockOptions = {}): string {
  const env = options.env ?? process.env;
  const joined =
    r.omittedChars === 0
      ? r.head + r.tail
      : `${r.head}\n[… ${r.omittedChars} characters omitted …]\n${r.tail}`;
  const body = capText(redactSecrets(joined, env).replace(/\n$/, ""), {
    maxBytes: options.maxBytes ?? 8_192,
    maxLines: 400,
  }).text;
  const fence = body.includes("```") ? "````" : "```";
  return [
    `I ran \`${redactSecrets(r.command, env)}\` in my terminal (${outcomeText(r)}):`,
    fence,
    body || "(no output)",
    fence,
  ].join("\n");
}
