/**
 * A refused call's lines, worded once for every front end (`tandem exec`'s output under the call's line, the
 * UI's transcript): why the safety policy refused it, and how the user can allow such a call, from the
 * `tool_call_finished` event's `refusal` (docs/safety.md, "Refusals").
 */
import type { ToolCallFinishedEvent } from "../protocol/events.ts";

/** The lines under a refused call, indented two spaces; a multi-line hint (a rule) stays one entry with `\n`s. */
export function refusalLines(refusal: NonNullable<ToolCallFinishedEvent["refusal"]>): string[] {
  const indent = (text: string, by: string) => text.replaceAll("\n", `\n${by}`);
  const lines = [`  refused: ${indent(refusal.reason, "    ")}`];
  if (refusal.how_to_allow.length > 0) {
    lines.push("  how to allow it:");
    for (const hint of refusal.how_to_allow) lines.push(`    - ${indent(hint, "      ")}`);
  }
  return lines;
}
