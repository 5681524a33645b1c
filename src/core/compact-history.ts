/**
 * One compaction attempt on the agent's history: plan the cut, ask the model for the summary, build the new
 * history. Pure with respect to agent state: the agent applies the result (history, session entry, events).
 */
import type { AgentEventBody } from "../protocol/events.ts";
import type { Usage } from "../protocol/usage.ts";
import type { ReasoningEffort } from "../providers/types.ts";
import { applyCompaction, planCut, summarize } from "./compaction.ts";
import { estimateHistoryTokens, type HistoryItem } from "./history.ts";
import { newEntryId } from "./ids.ts";
import type { ActiveModel } from "./turn.ts";

export interface CompactHistoryOptions {
  active: ActiveModel;
  items: readonly HistoryItem[];
  /** Recent history to keep verbatim; capped at 40% of the context window. */
  keepRecentTokens: number;
  /** Last measured context size; 0 = unknown (then estimated). */
  contextTokens: number;
  signal: AbortSignal;
  /** For `retry` events of the summary request. */
  usageTurnId: string;
  emit(event: AgentEventBody): void;
  reasoningEffort?: ReasoningEffort;
  cacheKey?: string;
}

export type CompactHistoryResult =
  | { kind: "nothing" }
  | { kind: "failed"; message: string; usage: Usage }
  | {
      kind: "done";
      items: HistoryItem[];
      id: string;
      firstKeptId: string;
      summary: string;
      tokensBefore: number;
      tokensAfter: number;
      usage: Usage;
    };

export async function compactHistory(options: CompactHistoryOptions): Promise<CompactHistoryResult> {
  const { active, items } = options;
  const keep = Math.min(options.keepRecentTokens, Math.floor(active.entry.contextWindow * 0.4));
  const cut = planCut(items, keep);
  if (cut === undefined) return { kind: "nothing" };
  const tokensBefore =
    options.contextTokens > 0 ? options.contextTokens : estimateHistoryTokens(items, active.system);
  const outcome = await summarize({
    client: active.client,
    model: active.entry,
    items: items.slice(0, cut),
    signal: options.signal,
    ...(options.cacheKey ? { cacheKey: options.cacheKey } : {}),
    ...(options.reasoningEffort ? { reasoningEffort: options.reasoningEffort } : {}),
    onRetry: (event) =>
      options.emit({
        type: "retry",
        turn_id: options.usageTurnId,
        attempt: event.attempt,
        delay_ms: event.delayMs,
        reason: event.error.message,
      }),
  });
  if (!outcome.ok) return { kind: "failed", message: outcome.message, usage: outcome.usage };
  const id = newEntryId();
  const firstKeptId = (items[cut] as HistoryItem).id;
  const next = applyCompaction(items, { id, summary: outcome.summary, firstKeptId }) as HistoryItem[];
  return {
    kind: "done",
    items: next,
    id,
    firstKeptId,
    summary: outcome.summary,
    tokensBefore,
    tokensAfter: estimateHistoryTokens(next, active.system),
    usage: outcome.usage,
  };
}
