/**
 * A saved conversation as the same state the live events build (`reduce.ts`), for resuming a session: user
 * messages, reasoning, assistant text, one entry per tool call with what the model was told, and, for calls
 * saved with their UI record (`HistoryItem.ui`), what the live view showed: the real status and duration, the
 * failure reason, the diff under an ok file change, a refusal, and the plan as it stood at each turn's end.
 * Results saved without a record (older files, calls a crash left unanswered) show as ok or error, with an
 * unknown duration. What no session file keeps (notices, errors, retries) is not in it.
 */

import type { TodoItem } from "../protocol/todo.ts";
import type { ToolRecord } from "../protocol/tool-record.ts";
import { type ConversationOptions, createConversation, finishedCall } from "./reduce.ts";
import { summarizeArguments } from "./summary.ts";
import { carriesDiff, planOf } from "./tool-details.ts";
import type { Conversation, Entry } from "./types.ts";

/**
 * What the transcript reads of a saved record: the shape of core's `HistoryItem` (`core/history.ts`), stated
 * here because this layer sits below core and providers, which satisfy it structurally.
 */
export interface SavedRecord {
  id: string;
  message: SavedMessage;
  /** True for the summary a compaction left in place of older turns. */
  summary?: boolean;
  /** A tool result's UI record (`core/session/tool-record.ts`). */
  ui?: SavedToolRecord;
  /** A user-role message the harness wrote for the model: shown as a notice, not as the user's words. */
  note?: boolean;
}

export type SavedMessage =
  | { role: "user"; content: readonly ({ type: "text"; text: string } | { type: "image" })[] }
  | {
      role: "assistant";
      content: readonly (
        | { type: "text"; text: string }
        | { type: "thinking"; text: string }
        | { type: "tool_call"; id: string; name: string; arguments: unknown }
      )[];
    }
  | {
      role: "tool_result";
      callId: string;
      toolName: string;
      content: readonly ({ type: "text"; text: string } | { type: "image" })[];
      isError: boolean;
    };

/** A tool result's UI record as the session file keeps it. */
export type SavedToolRecord = ToolRecord;

type SavedResult = SavedRecord & { message: Extract<SavedMessage, { role: "tool_result" }> };

const textOf = (content: SavedMessage["content"]) =>
  content.map((b) => (b.type === "text" ? b.text : "")).join("");

/**
 * The transcript of `history`. `turnEnds`: ids of the last record of each finished turn
 * (`LoadedSession.turnEnds`); the plan is committed after them, as the live reducer commits it at
 * `turn_finished`. Without it the plan is committed before each user message.
 */
export function transcriptEntries(history: readonly SavedRecord[], turnEnds?: ReadonlySet<string>): Entry[] {
  const results = new Map<string, SavedResult>();
  for (const item of history)
    if (item.message.role === "tool_result") results.set(item.message.callId, item as SavedResult);
  const entries: Entry[] = [];
  let todos: TodoItem[] | undefined;
  const commitTodos = () => {
    if (todos) entries.push({ kind: "todos", items: todos });
    todos = undefined;
  };
  for (const { id, message, summary, ui, note } of history) {
    if (summary) {
      entries.push({ kind: "notice", level: "info", text: "(older history was summarized)" });
    } else if (note && message.role === "user") {
      const text = message.content.map((b) => (b.type === "text" ? b.text : "")).join("\n");
      entries.push({ kind: "notice", level: "warning", text: text.replace(/^\[tandem\] /, "") });
    } else if (message.role === "user") {
      if (!turnEnds) commitTodos();
      const text = message.content.map((b) => (b.type === "text" ? b.text : "[image]")).join("\n");
      entries.push({ kind: "user", text });
    } else if (message.role === "assistant") {
      const thinking = message.content.map((b) => (b.type === "thinking" ? b.text : "")).join("\n");
      if (thinking.trim()) entries.push({ kind: "reasoning", text: thinking.trim() });
      const text = textOf(message.content);
      if (text.trim()) entries.push({ kind: "assistant", text });
      for (const block of message.content) {
        if (block.type === "tool_call")
          entries.push(...callEntries(block.id, block.name, block.arguments, results.get(block.id)));
      }
    } else if (ui) {
      todos = planOf(ui.kind, ui.status, ui.details) ?? todos;
    }
    if (turnEnds?.has(id)) commitTodos();
  }
  commitTodos();
  return entries;
}

/** A resumed session's conversation: `options` as for `createConversation`, the transcript as its entries. */
export function resumedConversation(
  history: readonly SavedRecord[],
  options: ConversationOptions & { turnEnds?: ReadonlySet<string> } = {},
): Conversation {
  const { turnEnds, ...rest } = options;
  return { ...createConversation(rest), entries: transcriptEntries(history, turnEnds) };
}

function callEntries(callId: string, tool: string, args: unknown, result: SavedResult | undefined): Entry[] {
  const base = { call_id: callId, tool, summary: summarizeArguments(args) };
  const content = result ? textOf(result.message.content) : "";
  const ui = result?.ui;
  if (!ui) {
    const status = result?.message.isError ? "error" : "ok";
    return [finishedCall(base, { status, content, duration_ms: -1 })];
  }
  const entry = finishedCall(base, { ...ui, content });
  // A record saved before kinds does not say whether the dropped details held a diff: no note then.
  if (ui.status === "ok" && ui.details_dropped && carriesDiff(ui.kind)) {
    const why = ui.details_dropped === "too_large" ? "too large to save" : "not saved";
    return [entry, { kind: "notice", level: "info", text: `(the diff was ${why})` }];
  }
  return [entry];
}
