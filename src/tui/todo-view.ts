/**
 * The agent's plan as a checklist (the conversation's `todos`, from a finished `todo` call's `details`): shown in
 * the live part and replaced by each later call, committed to the transcript once when the turn ends.
 */

import type { TodoItem, TodoStatus } from "../protocol/todo.ts";
import { inertText } from "./inert-text.ts";
import type { Style } from "./style.ts";
import { wrapText } from "./text-width.ts";

const MARKS: Record<TodoStatus, string> = { pending: "☐", in_progress: "◐", completed: "☑" };

/**
 * A heading with the count done, then one row per item (wrapped under its text): ☐ pending, ◐ in progress,
 * ☑ done. `maxRows` (default: no limit) bounds the rows for the live part: a long plan shows a window from
 * just before the first unfinished item, with `… N done` above it and `… N more` below, so it does not push
 * the streaming answer and running tools off the screen.
 */
export function renderTodoRows(
  items: readonly TodoItem[],
  width: number,
  s: Style,
  maxRows = Number.POSITIVE_INFINITY,
): string[] {
  const done = items.filter((i) => i.status === "completed").length;
  const rows = ["", `${s.bold("Plan")}${s.dim(` ${done}/${items.length} done`)}`];
  if (items.length === 0) rows.push(s.dim("  (empty plan)"));
  const itemRows = items.map((item) => {
    const mark = MARKS[item.status];
    const [first = "", ...rest] = wrapText(inertText(item.content), Math.max(1, width - 4));
    const paint = (t: string) =>
      item.status === "completed" ? s.dim(t) : item.status === "in_progress" ? s.bold(t) : t;
    const colored =
      item.status === "completed" ? s.green(mark) : item.status === "in_progress" ? s.yellow(mark) : mark;
    return [`  ${colored} ${paint(first)}`, ...rest.map((r) => `    ${paint(r)}`)];
  });
  const total = itemRows.reduce((n, r) => n + r.length, 0);
  if (rows.length + total <= maxRows) return [...rows, ...itemRows.flat()];
  // Two rows for the heading, two for the `…` notes; at least the item in progress.
  const room = Math.max(1, maxRows - 4);
  const focus = items.findIndex((i) => i.status !== "completed");
  const start = Math.max(0, (focus === -1 ? items.length - 1 : focus) - 1);
  let end = start;
  let used = 0;
  while (end < items.length && (end === start || used + (itemRows[end]?.length ?? 0) <= room)) {
    used += itemRows[end]?.length ?? 0;
    end++;
  }
  if (start > 0) rows.push(s.dim(`  … ${start} done`));
  rows.push(...itemRows.slice(start, end).flat());
  if (end < items.length) rows.push(s.dim(`  … ${items.length - end} more`));
  return rows;
}
