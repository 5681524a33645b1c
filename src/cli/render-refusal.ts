/**
 * What `tandem exec` prints for refused calls: under the call's line (to stderr), why and how to allow it (the
 * wording every front end shares, src/conversation/refusal.ts); in the summary line, how many there were.
 */
export { refusalLines } from "../conversation/refusal.ts";

/** The summary's note on refused calls; empty when there were none. */
export function refusedSummary(refused: number): string {
  if (refused === 0) return "";
  return `${refused} tool call${refused === 1 ? "" : "s"} refused (see above)`;
}
