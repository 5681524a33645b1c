/** The commands that continue a saved session, as the user would type them, for exec's summary and the UI's exit. */
import { resolve } from "node:path";
import { shellQuote } from "../util/shell-quote.ts";

export interface ResumeCommandOptions {
  sessionId: string;
  /** The session's folder. */
  cwd: string;
  /** Where the user is typing: the commands name `--cwd` when it differs from `cwd`. Default process.cwd(). */
  from?: string;
}

/** `exec`: `tandem exec --resume ID "…"` (`…` stands for the next prompt); `ui`: `tandem resume ID`. */
export function resumeCommands(options: ResumeCommandOptions): { exec: string; ui: string } {
  // A session resumes only in its own folder (src/app/resume-target.ts), so from elsewhere the command names it.
  const here = resolve(options.from ?? process.cwd()) === resolve(options.cwd);
  const cwd = here ? "" : ` --cwd ${shellQuote(options.cwd)}`;
  const id = shellQuote(options.sessionId);
  return { exec: `tandem exec${cwd} --resume ${id} "…"`, ui: `tandem resume ${id}${cwd}` };
}
