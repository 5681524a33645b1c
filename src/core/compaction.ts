/**
 * Compaction: older history is replaced by a model-written summary. What stays verbatim: every user message
 * (they are the task and its corrections) and the recent turns (about `keepRecentTokens`). The cut is at a
 * user message when possible, else before an assistant message; never between a tool call and its result.
 * The summary request sends the older history as a plain-text transcript, so it works across vendors and
 * needs no tools.
 */

import type { Usage } from "../protocol/usage.ts";
import type {
  ModelEntry,
  ProviderClient,
  ReasoningEffort,
  StreamEvent,
  UserMessage,
} from "../providers/types.ts";
import { estimateTokens, type HistoryItem, textOf } from "./history.ts";
import { streamResponse } from "./stream-response.ts";
import { capText } from "./truncate.ts";

export const SUMMARY_SYSTEM_PROMPT = `You summarize the conversation of a coding agent with a user so that another model can continue the work without the original messages. Be specific: exact file paths, function names, commands, error messages, numbers. Do not call tools. Answer with exactly these sections:
## Goal
What the user wants, including constraints and preferences they stated.
## Decisions
What was decided and why.
## Files touched
Each file read, created or changed, with one line on what was done to it.
## State
What works now, what fails, what was verified (tests run, results).
## Next steps
What remains, in order.`;

const SUMMARY_PREFIX =
  "[Summary of earlier conversation. Older turns were compacted; the user's messages above are verbatim.]\n\n";

export function summaryMessage(summary: string): UserMessage {
  return { role: "user", content: [{ type: "text", text: `${SUMMARY_PREFIX}${summary}` }] };
}

/** The index of the first item to keep, or undefined when there is nothing worth summarizing. */
export function planCut(items: readonly HistoryItem[], keepTokens: number): number | undefined {
  let start = items.length;
  let kept = 0;
  while (start > 0) {
    const size = estimateTokens((items[start - 1] as HistoryItem).message);
    if (kept + size > keepTokens) break;
    kept += size;
    start--;
  }
  const isBoundary = (i: number) => items[i]?.message.role !== "tool_result";
  const isUserBoundary = (i: number) => items[i]?.message.role === "user" && !items[i]?.summary;
  let cut: number | undefined;
  for (let i = Math.max(start, 1); i < items.length && cut === undefined; i++) if (isUserBoundary(i)) cut = i;
  for (let i = Math.max(start, 1); i < items.length && cut === undefined; i++) if (isBoundary(i)) cut = i;
  // The last message alone is over the budget: keep just the last boundary.
  for (let i = items.length - 1; i >= 1 && cut === undefined; i--) if (isBoundary(i)) cut = i;
  if (cut === undefined) return undefined;
  const older = items.slice(0, cut);
  const worthIt = older.some((item) => item.message.role !== "user" || item.summary);
  return worthIt ? cut : undefined;
}

/** Rebuilds history after a compaction: older user messages, the summary, then the kept items. */
export function applyCompaction(
  items: readonly HistoryItem[],
  compaction: { id: string; summary: string; firstKeptId: string },
): HistoryItem[] | undefined {
  const cut = items.findIndex((item) => item.id === compaction.firstKeptId);
  if (cut < 0) return undefined;
  const users = items.slice(0, cut).filter((item) => item.message.role === "user" && !item.summary);
  const summary: HistoryItem = {
    id: compaction.id,
    message: summaryMessage(compaction.summary),
    summary: true,
  };
  return [...users, summary, ...items.slice(cut)];
}

/** The older history as plain text. Tool results are cut to 2,000 characters; the whole to `maxChars`. */
export function renderTranscript(items: readonly HistoryItem[], maxChars: number): string {
  const parts: string[] = [];
  for (const { message, summary } of items) {
    if (message.role === "user") {
      parts.push(summary ? `[earlier summary]\n${textOf(message)}` : `[user]\n${textOf(message)}`);
    } else if (message.role === "assistant") {
      const lines: string[] = [];
      for (const block of message.content) {
        if (block.type === "text" && block.text) lines.push(block.text);
        if (block.type === "tool_call")
          lines.push(`[tool call ${block.name} ${JSON.stringify(block.arguments)}]`);
      }
      if (lines.length > 0) parts.push(`[assistant]\n${lines.join("\n")}`);
    } else {
      const text = capText(textOf(message), { maxBytes: 2_000, maxLines: 60 }).text;
      parts.push(`[tool result ${message.toolName}${message.isError ? " (error)" : ""}]\n${text}`);
    }
  }
  return capText(parts.join("\n\n"), { maxBytes: maxChars, maxLines: 1_000_000, headShare: 0.3 }).text;
}

export interface SummarizeOptions {
  client: ProviderClient;
  model: ModelEntry;
  items: readonly HistoryItem[];
  signal: AbortSignal;
  reasoningEffort?: ReasoningEffort;
  cacheKey?: string;
  onRetry?(event: Extract<StreamEvent, { type: "retry" }>): void;
}

export type SummarizeOutcome =
  | { ok: true; summary: string; usage: Usage }
  | { ok: false; message: string; code: string; usage: Usage };

export async function summarize(options: SummarizeOptions): Promise<SummarizeOutcome> {
  // Half the window for the transcript (≈4 characters per token), the rest for the prompt and the answer.
  const maxChars = Math.max(8_000, options.model.contextWindow * 2);
  const transcript = renderTranscript(options.items, maxChars);
  const outcome = await streamResponse({
    client: options.client,
    request: {
      model: options.model,
      system: SUMMARY_SYSTEM_PROMPT,
      messages: [
        {
          role: "user",
          content: [
            {
              type: "text",
              text: `Here is the conversation so far:\n\n<transcript>\n${transcript}\n</transcript>\n\nWrite the summary now.`,
            },
          ],
        },
      ],
      tools: [],
      signal: options.signal,
      ...(options.reasoningEffort ? { reasoningEffort: options.reasoningEffort } : {}),
      ...(options.cacheKey ? { cacheKey: options.cacheKey } : {}),
    },
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  const usage = outcome.message.usage;
  if (!outcome.ok) return { ok: false, message: outcome.error.message, code: outcome.error.kind, usage };
  const summary = textOf(outcome.message).trim();
  if (!summary) return { ok: false, message: "the model returned an empty summary", code: "protocol", usage };
  return { ok: true, summary, usage };
}
