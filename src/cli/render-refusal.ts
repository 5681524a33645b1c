/**
 * What `tandem exec` prints (to stderr, under the tool's line) for a call the safety policy refused: why, and
 * how the user can allow it, from the `tool_call_finished` event's `refusal`. Kept apart from render-human.ts,
 * whose other lines are the run's progress and summary.
 */
import type { ToolCallFinishedEvent } from "../protocol/events.ts";

/** The lines under a refused call, indented two spaces. */
export function refusalLines(refusal: NonNullable<ToolCallFinishedEvent["refusal"]>): string[] {
  const indent = (text: string, by: string) => text.replaceAll("\n", `\n${by}`);
  const lines = [`  refused: ${indent(refusal.reason, "    ")}`];
  if (refusal.how_to_allow.length > 0) {
    lines.push("  how to allow it:");
    for (const hint of refusal.how_to_allow) lines.push(`    - ${indent(hint, "      ")}`);
  }
  return lines;
}

/** The summary's note on refused calls; empty when there were none. */
export function refusedSummary(refused: number): string {
  if (refused === 0) return "";
  return `${refused} tool call${refused === 1 ? "" : "s"} refused (see above)`;
}
