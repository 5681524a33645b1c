/** Small formatters for human output, shared by the front ends (exec and the interactive UI). */

import type { Cost, Usage } from "../protocol/usage.ts";
import { clip } from "../util/clip.ts";

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

/** One line naming what a tool call did: the command, the path, or the pattern. */
export function summarizeArguments(args: unknown, max = 80): string {
  if (!args || typeof args !== "object") return "";
  const record = args as Record<string, unknown>;
  const preferred = ["command", "path", "pattern", "input"];
  const key =
    preferred.find((k) => typeof record[k] === "string") ??
    Object.keys(record).find((k) => typeof record[k] === "string");
  if (!key) return "";
  const value = (record[key] as string).replace(/\s+/g, " ").trim();
  if (key === "input") return value.startsWith("*** Begin Patch") ? "patch" : value.slice(0, max);
  return clip(value, max);
}

/** A `checkpoint_progress` event as one line: "indexing workspace for undo: 40,000/100,000 files". */
export function formatCheckpointProgress(progress: { done: number; total?: number }): string {
  const count = (n: number) => n.toLocaleString("en-US");
  const total = progress.total === undefined ? "" : `/${count(progress.total)}`;
  return `indexing workspace for undo: ${count(progress.done)}${total} files`;
}
