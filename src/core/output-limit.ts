/**
 * An answer cut at the model's output limit (`finish_reason: length`, `max_tokens`, `MAX_TOKENS`, Responses
 * `incomplete`). It used to end the turn as if complete. Now the user gets a notice and the model a note in
 * the history saying so; a text answer is continued by the next request (at most {@link maxContinuations}
 * times a turn, as Claude Code does), and a cut tool call is answered by its argument error plus the note.
 */

/** Requests per turn that continue a cut text answer before the turn ends with it as it is. */
export const maxContinuations = 3;

/** The note the model gets, as a user message after the cut answer (and after tool results, if any). */
export function outputLimitNote(limit: number, calledTools: boolean): string {
  const tools = calledTools
    ? " If its last tool call was cut too, it failed: send it again, smaller (split a long file or patch into several edits)."
    : " Continue exactly where it stopped, without repeating what is already written.";
  return `[tandem] Your last response was cut off: it reached the output limit of ${limit} tokens.${tools} Keep each response shorter than the limit.`;
}

/** The notice the user sees. `continuing` is the continuation number when tandem asks the model to go on. */
export function outputLimitNotice(
  limit: number,
  how: { continuing: number } | { calledTools: true } | { gaveUp: true },
): string {
  const cut = `the answer was cut at the model's output limit (${limit} tokens)`;
  if ("continuing" in how)
    return `${cut}; asking the model to continue (${how.continuing} of ${maxContinuations})`;
  if ("calledTools" in how)
    return `${cut}; the model is told (a tool call it cut fails with an argument error)`;
  return `${cut} ${maxContinuations + 1} times in a row; the turn ends with the answer as it is. Send a message (e.g. "continue") to go on`;
}
