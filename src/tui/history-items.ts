/**
 * A saved conversation as transcript items, for `tandem resume`: user messages, assistant text, one line per
 * tool call (its output kept for Ctrl+O), reasoning (collapsed as live), and, for calls saved with their UI record (`HistoryItem.ui`), what the live view showed: the real
 * status and duration, the failure reason, the diff under an ok edit/write/apply_patch and the plan as it
 * stood at each turn's end. Results saved without a record (older files, calls a crash left unanswered) show
 * as before: ok or error, no duration.
 */

import { summarizeArguments } from "../app/format.ts";
import { type HistoryItem, textOf } from "../core/history.ts";
import type { ToolResultMessage } from "../providers/types.ts";
import type { TodoItem } from "../tools/todo.ts";
import { todosFromDetails } from "./todo-view.ts";
import { diffFromDetails } from "./tool-diff.ts";
import { firstLine, fullOutputOf, type Item } from "./view-state.ts";

const DIFF_TOOLS: ReadonlySet<string> = new Set(["edit", "write", "apply_patch"]);

/**
 * `turnEnds`: ids of the last history item of each finished turn (`LoadedSession.turnEnds`); the plan is
 * committed after them, as the live view commits it at `turn_finished`. Without it the plan is committed
 * before each user message.
 */
export function itemsFromHistory(history: readonly HistoryItem[], turnEnds?: ReadonlySet<string>): Item[] {
  const results = new Map<string, HistoryItem & { message: ToolResultMessage }>();
  for (const item of history)
    if (item.message.role === "tool_result")
      results.set(item.message.callId, item as HistoryItem & { message: ToolResultMessage });
  const items: Item[] = [];
  let todos: TodoItem[] | undefined;
  const commitTodos = () => {
    if (todos) items.push({ kind: "todos", items: todos });
    todos = undefined;
  };
  for (const { id, message, summary, ui } of history) {
    if (summary) {
      items.push({ kind: "notice", level: "info", text: "(older history was summarized)" });
    } else if (message.role === "user") {
      if (!turnEnds) commitTodos();
      const text = message.content.map((b) => (b.type === "text" ? b.text : "[image]")).join("\n");
      items.push({ kind: "user", text });
    } else if (message.role === "assistant") {
      const thinking = message.content.map((b) => (b.type === "thinking" ? b.text : "")).join("\n");
      if (thinking.trim()) items.push({ kind: "reasoning", text: thinking.trim() });
      const text = message.content.map((b) => (b.type === "text" ? b.text : "")).join("");
      if (text.trim()) items.push({ kind: "assistant", text });
      for (const block of message.content) {
        if (block.type === "tool_call")
          items.push(...toolItems(block.name, block.arguments, results.get(block.id)));
      }
    } else if (ui?.status === "ok" && message.toolName === "todo") {
      todos = todosFromDetails(ui.details) ?? todos;
    }
    if (turnEnds?.has(id)) commitTodos();
  }
  commitTodos();
  return items;
}

function toolItems(
  tool: string,
  args: unknown,
  result: (HistoryItem & { message: ToolResultMessage }) | undefined,
): Item[] {
  const summary = summarizeArguments(args);
  const ui = result?.ui;
  // What the model was told, so Ctrl+O expands a resumed call as it does a live one.
  const content = result ? textOf(result.message) : "";
  const output = content ? { output: content } : {};
  if (!ui) {
    const status = result?.message.isError ? "error" : "ok";
    return [{ kind: "tool", tool, summary, status, durationMs: -1, ...output }];
  }
  const diff = ui.status === "ok" ? diffFromDetails(tool, ui.details) : undefined;
  const out: Item[] = [
    {
      kind: "tool",
      tool,
      summary,
      status: ui.status,
      durationMs: ui.duration_ms,
      ...(ui.status === "error" || ui.status === "denied"
        ? { reason: firstLine(textOf(result.message)) }
        : {}),
      ...(diff ? { diff } : {}),
      ...output,
      ...fullOutputOf(ui.details),
    },
  ];
  if (ui.status === "ok" && ui.details_dropped && DIFF_TOOLS.has(tool)) {
    const why = ui.details_dropped === "too_large" ? "too large to save" : "not saved";
    out.push({ kind: "notice", level: "info", text: `(the diff was ${why})` });
  }
  return out;
}
