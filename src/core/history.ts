/**
 * The conversation as the loop keeps it: messages with the id of the session entry that recorded them, plus
 * the rules that keep it valid for every vendor (each tool call answered by exactly one result).
 */
import type { AssistantMessage, Message, ToolResultMessage, UserMessage } from "../providers/types.ts";
import type { ToolRecord } from "./session/tool-record.ts";

export interface HistoryItem {
  /** The session entry id (also used in memory-only sessions). */
  id: string;
  message: Message;
  /** True for the summary a compaction left in place of older turns. */
  summary?: boolean;
  /**
   * For a tool result loaded from a session file: what the UI showed (status, duration, details). Never sent
   * to the model: requests carry `message` only.
   */
  ui?: ToolRecord;
  /** A user-role message the harness wrote for the model (session/format.ts `MessageEntry.note`). */
  note?: boolean;
}

export function userMessage(...texts: string[]): UserMessage {
  return { role: "user", content: texts.map((text) => ({ type: "text", text })) };
}

export function textOf(message: Message): string {
  let out = "";
  for (const block of message.content) if (block.type === "text") out += block.text;
  return out;
}

/** Rough token estimate (characters / 4) for history no usage report has measured. Images count 1,000. */
export function estimateTokens(message: Message): number {
  let chars = 0;
  for (const block of message.content) {
    if (block.type === "text" || block.type === "thinking") chars += block.text.length;
    else if (block.type === "tool_call") chars += block.name.length + JSON.stringify(block.arguments).length;
    else if (block.type === "image") chars += 4_000;
  }
  return Math.ceil(chars / 4);
}

export function estimateHistoryTokens(items: readonly HistoryItem[], system = ""): number {
  let total = Math.ceil(system.length / 4);
  for (const item of items) total += estimateTokens(item.message);
  return total;
}

/**
 * What may be kept of an assistant message that ended in an error or abort: its text only. Partial tool calls
 * would have no result, and half a thinking block lacks the vendor's signature, so both are dropped.
 * Returns undefined when no text is left.
 */
export function keepablePartial(message: AssistantMessage): AssistantMessage | undefined {
  const content = message.content.filter((b) => b.type === "text" && b.text.length > 0);
  if (content.length === 0) return undefined;
  return { ...message, content };
}

export function interruptedResult(callId: string, toolName: string, text: string): ToolResultMessage {
  return { role: "tool_result", callId, toolName, content: [{ type: "text", text }], isError: true };
}

/**
 * Gives every tool call that has no result one that says so (a crash or kill between the model's response and
 * the tool results). Returns the repaired list and how many results were added.
 */
export function repairToolResults(
  items: readonly HistoryItem[],
  newId: () => string,
): { items: HistoryItem[]; added: number } {
  const answered = new Set<string>();
  for (const item of items) if (item.message.role === "tool_result") answered.add(item.message.callId);
  const out: HistoryItem[] = [];
  let added = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as HistoryItem;
    out.push(item);
    if (item.message.role !== "assistant") continue;
    // Results belong right after their call's message, before the next user or assistant message.
    let j = i + 1;
    while (j < items.length && items[j]?.message.role === "tool_result") out.push(items[j++] as HistoryItem);
    i = j - 1;
    for (const block of item.message.content) {
      if (block.type !== "tool_call" || answered.has(block.id)) continue;
      const text = "interrupted: no result was recorded (the session ended before this call finished)";
      out.push({ id: newId(), message: interruptedResult(block.id, block.name, text) });
      added++;
    }
  }
  return { items: out, added };
}
