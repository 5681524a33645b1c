/**
 * What a front end reads from a finished call's `details` (tool-specific data for the UI): the diff of a
 * file-changing call, the plan of a `todo` call, a truncated shell call's full-output file. Shared by the live
 * reducer and the resume transcript, so both read a call the same way.
 */
import type { TodoItem, TodoStatus } from "../protocol/todo.ts";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Tools whose ok result carries the diff of what they changed. */
export const DIFF_TOOLS: ReadonlySet<string> = new Set(["edit", "write", "apply_patch"]);

/**
 * The unified diff text in a tool's `details`, or undefined when it has none. `edit` and `write` carry
 * `{ diff }`; `apply_patch` carries `{ changes: [{ diff }] }`, whose per-file diffs are joined.
 */
export function diffFromDetails(tool: string, details: unknown): string | undefined {
  if (!isRecord(details)) return undefined;
  if ((tool === "edit" || tool === "write") && typeof details.diff === "string") {
    return details.diff || undefined;
  }
  if (tool === "apply_patch" && Array.isArray(details.changes)) {
    const diffs = details.changes
      .map((c: unknown) => (isRecord(c) && typeof c.diff === "string" ? c.diff : ""))
      .filter((d) => d.trim());
    return diffs.length > 0 ? diffs.join("\n") : undefined;
  }
  return undefined;
}

const STATUSES: readonly TodoStatus[] = ["pending", "in_progress", "completed"];

/** The checklist in a `todo` call's details, or undefined when they are not a list of items. */
export function todosFromDetails(details: unknown): TodoItem[] | undefined {
  if (!isRecord(details) || !("items" in details)) return undefined;
  const { items } = details;
  if (!Array.isArray(items)) return undefined;
  const out: TodoItem[] = [];
  for (const item of items as unknown[]) {
    if (!isRecord(item)) return undefined;
    const { content, status } = item;
    if (typeof content !== "string" || !STATUSES.includes(status as TodoStatus)) return undefined;
    out.push({ content, status: status as TodoStatus });
  }
  return out;
}

/** The plan a finished call set, or undefined when it set none (not an ok `todo` call). */
export function planOf(tool: string, status: string, details: unknown): TodoItem[] | undefined {
  return tool === "todo" && status === "ok" ? todosFromDetails(details) : undefined;
}

/** The full-output file a truncated shell call names in its `details`, for showing the whole output. */
export function fullOutputOf(details: unknown): string | undefined {
  const path = isRecord(details) ? details.full_output_path : undefined;
  return typeof path === "string" && path ? path : undefined;
}

/** The first non-blank line, trimmed: why a call failed or was denied, on its transcript line. */
export const firstLine = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .find(Boolean) ?? "";
