/**
 * A saved conversation as transcript items, for `tandem resume`: user messages, assistant text and one line
 * per tool call (its status from the matching result). Durations are not saved, so none is shown.
 */

import { summarizeArguments } from "../app/format.ts";
import type { HistoryItem } from "../core/history.ts";
import type { Item } from "./view-state.ts";

export function itemsFromHistory(history: readonly HistoryItem[]): Item[] {
  const failed = new Set<string>();
  for (const { message } of history)
    if (message.role === "tool_result" && message.isError) failed.add(message.callId);
  const items: Item[] = [];
  for (const { message, summary } of history) {
    if (summary) {
      items.push({ kind: "notice", level: "info", text: "(older history was summarized)" });
      continue;
    }
    if (message.role === "user") {
      const text = message.content.map((b) => (b.type === "text" ? b.text : "[image]")).join("\n");
      items.push({ kind: "user", text });
    } else if (message.role === "assistant") {
      const text = message.content.map((b) => (b.type === "text" ? b.text : "")).join("");
      if (text.trim()) items.push({ kind: "assistant", text });
      for (const block of message.content) {
        if (block.type !== "tool_call") continue;
        items.push({
          kind: "tool",
          tool: block.name,
          summary: summarizeArguments(block.arguments),
          status: failed.has(block.id) ? "error" : "ok",
          durationMs: -1,
        });
      }
    }
  }
  return items;
}
