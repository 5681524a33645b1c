/**
 * `tandem [options]` and `tandem resume [ID|last] [options]`: parse the session flags, open the UI. Bare
 * `tandem resume` opens a new session with the session picker shown.
 */
import { UserError } from "../app/user-error.ts";
import { parseCommandArgs } from "./parse.ts";
import { sessionChoice, sessionFlags } from "./session-flags.ts";

export async function uiCommand(args: string[], resume: boolean): Promise<number> {
  const { values, positionals } = parseCommandArgs(resume ? "resume" : "", args, sessionFlags);
  if (!resume && positionals.length > 0) {
    throw new UserError(`unknown command "${positionals[0]}". Run tandem --help.`);
  }
  if (resume && positionals.length > 1) throw new UserError("resume takes at most one session id (or last)");
  const choice = await sessionChoice(values);
  // Asked before the UI's modules load, so the terminal's answer (or the wait for one) overlaps their loading.
  const { startThemeDetection } = await import("../tui/early-theme.ts");
  const theme = startThemeDetection(process.env, choice.cwd);
  const { tuiCommand } = await import("../tui/run.ts");
  const id = positionals[0];
  return tuiCommand({
    ...choice,
    ...(theme ? { theme } : {}),
    ...(id ? { resume: id } : {}),
    ...(resume && !id ? { pick: true } : {}),
  });
}

/** `tandem resume [ID|last] [options]`. */
export const resumeCommand = (args: string[]): Promise<number> => uiCommand(args, true);
