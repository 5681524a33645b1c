/** Small formatters for human output, shared by the front ends (exec and the interactive UI). */

import type { Cost, Usage } from "../protocol/usage.ts";

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** Dollars; a cost with unpriced requests in it is "cost unknown" (or "$X + unknown"), never a plain "$0". */
export function formatCost(cost: Cost | undefined): string {
  if (cost?.unpriced) return cost.total === 0 ? "cost unknown" : `${dollars(cost.total)} + unknown`;
  return dollars(cost?.total ?? 0);
}

function dollars(total: number): string {
  if (total === 0) return "$0";
  return total < 0.01 ? `$${total.toFixed(4)}` : `$${total.toFixed(2)}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

export function formatUsage(usage: Usage): string {
  const input = usage.input + usage.cached_input + usage.cache_write;
  const cached = usage.cached_input ? ` (${formatTokens(usage.cached_input)} cached)` : "";
  return `${formatTokens(input)} in${cached} / ${formatTokens(usage.output)} out`;
}

/** A `checkpoint_progress` event as one line: "indexing workspace for undo: 40,000/100,000 files". */
export function formatCheckpointProgress(progress: { done: number; total?: number }): string {
  const count = (n: number) => n.toLocaleString("en-US");
  const total = progress.total === undefined ? "" : `/${count(progress.total)}`;
  return `indexing workspace for undo: ${count(progress.done)}${total} files`;
}
