/**
 * The end of `tandem exec`'s human output (stderr): the files the run changed with line counts, like
 * `git diff --stat`, the diff when asked for, then the session id and the commands that resume it.
 */
import type { FileChangeStat, RunSummary } from "../protocol/run-summary.ts";
import { inertLine, inertText } from "../tui/inert-text.ts";

export interface SummaryPaint {
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
}

const plain: SummaryPaint = { dim: (s) => s, green: (s) => s, red: (s) => s };

/** Paths wider than this are not padded to, so one long path does not push every count off the screen. */
const MAX_PATH_COLUMN = 60;

function counts(file: FileChangeStat, paint: SummaryPaint): string {
  if (file.added === null || file.removed === null) return paint.dim("binary");
  return `${paint.green(`+${file.added}`)} ${paint.red(`-${file.removed}`)}`;
}

function patchLine(line: string, paint: SummaryPaint): string {
  const text = inertText(line);
  if (line.startsWith("+") && !line.startsWith("+++ ")) return paint.green(text);
  if (line.startsWith("-") && !line.startsWith("--- ")) return paint.red(text);
  if (line.startsWith("@@") || line.startsWith("diff --git ")) return paint.dim(text);
  return text;
}

/** Lines for the user, in order; text from the workspace (paths, file content) is made inert. */
export function summaryLines(summary: RunSummary, paint: SummaryPaint = plain): string[] {
  const lines: string[] = [];
  if (summary.changes_error) lines.push(`could not list the changed files: ${summary.changes_error}`);
  else if (summary.changes.length === 0) lines.push("no files changed");
  else {
    const n = summary.changes.length;
    lines.push(
      `${n} file${n === 1 ? "" : "s"} changed, ${paint.green(`+${summary.added}`)} ${paint.red(`-${summary.removed}`)}`,
    );
    const paths = summary.changes.map((f) => inertLine(f.path));
    const width = Math.min(MAX_PATH_COLUMN, Math.max(...paths.map((p) => p.length)));
    summary.changes.forEach((file, i) => {
      const status = file.status.replace("_", " ").padEnd(12);
      lines.push(`  ${status}${(paths[i] as string).padEnd(width)}  ${counts(file, paint)}`);
    });
    const diff = summary.patch ? "" : `tandem checkpoints diff ${summary.from_checkpoint} shows the diff; `;
    lines.push(paint.dim(`${diff}tandem undo reverses the last step`));
  }
  if (summary.patch) {
    const patch = summary.patch.endsWith("\n") ? summary.patch.slice(0, -1) : summary.patch;
    for (const line of patch.split("\n")) lines.push(patchLine(line, paint));
  }
  lines.push(`session ${summary.session_id}`);
  lines.push(`resume: ${summary.resume.exec}  ${paint.dim("or, in the UI:")} ${summary.resume.ui}`);
  return lines;
}
