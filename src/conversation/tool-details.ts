/**
 * What a front end reads from a finished call's `details` (tool-specific data for the UI): the diff of a
 * call of kind `edit`, the plan of a call of kind `think`, a truncated shell call's full-output file. Decided by
 * the call's declared kind and the shape of its details, never by the tool's name, so a new tool (a custom one,
 * an MCP server's) shows the same way. Shared by the live reducer and the resume transcript.
 *
 * `kind` undefined: a call saved before tools declared kinds; then the shape of the details alone decides.
 */
import type { TodoItem, TodoStatus } from "../protocol/todo.ts";
import type { ToolKind } from "../protocol/tools.ts";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Whether an ok call of this kind carries the diff of what it changed (so a dropped one is worth a note). */
export const carriesDiff = (kind: ToolKind | undefined) => kind === "edit";

/**
 * The unified diff text in the `details` of a call of kind `edit`, or undefined when it has none: `{ diff }`
 * (`edit`, `write`), or `{ changes: [{ diff }] }` (`apply_patch`), whose per-file diffs are joined.
 */
export function diffFromDetails(kind: ToolKind | undefined, details: unknown): string | undefined {
  if (!isRecord(details) || (kind !== undefined && kind !== "edit")) return undefined;
  if (typeof details.diff === "string") return details.diff || undefined;
  if (Array.isArray(details.changes)) {
    const diffs = details.changes
      .map((c: unknown) => (isRecord(c) && typeof c.diff === "string" ? c.diff : ""))
      .filter((d) => d.trim());
    return diffs.length > 0 ? diffs.join("\n") : undefined;
  }
  return undefined;
}

const STATUSES: readonly TodoStatus[] = ["pending", "in_progress", "completed"];

/** The checklist `{ items: [{ content, status }] }` in a call's details, or undefined when they are not one. */
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

/** The plan a finished call set, or undefined when it set none (not an ok call of kind `think` with a checklist). */
export function planOf(kind: ToolKind | undefined, status: string, details: unknown): TodoItem[] | undefined {
  return (kind === undefined || kind === "think") && status === "ok" ? todosFromDetails(details) : undefined;
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
