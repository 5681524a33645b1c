/**
 * The notices the conversation shows for events that are not messages or calls (a retry, a compaction, a
 * switched model or mode), worded once for every front end.
 */
import type { CompactedEvent, ModeChangedEvent, RetryEvent } from "../protocol/events.ts";
import type { PermissionMode } from "../protocol/permissions.ts";

export function retryText(event: RetryEvent): string {
  return `retrying in ${Math.round(event.delay_ms / 100) / 10}s (attempt ${event.attempt}): ${event.reason}`;
}

export function compactedText(event: CompactedEvent): string {
  return `compacted history (${event.trigger}): ${event.tokens_before} → ${event.tokens_after} tokens`;
}

/** One notice: the new mode, what it means, and the sandbox from the next command on (with why it stayed). */
export function modeChangedText(event: ModeChangedEvent): string {
  const meaning: Record<PermissionMode, string> = {
    ask: "changes need your approval",
    auto: "changes in the workspace run without asking",
    full: "nearly everything runs without asking",
  };
  const lines = [`mode: ${event.mode} (${meaning[event.mode]}; from the next tool call)`];
  if (event.sandbox) lines.push(`sandbox: ${event.sandbox}`);
  if (event.note) lines.push(event.note);
  return lines.join("\n");
}
