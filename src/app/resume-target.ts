/**
 * Which saved session `--resume` (and `tandem resume`, the UI's /resume) means. A session belongs to the folder
 * it worked in and resumes only there: `last` is the newest session of the folder asked for (the current
 * directory, or `--cwd`), and an id from another folder is refused with the way to run it there. Resuming in
 * the session's folder silently once wrote into another project than the one the user stood in.
 */
import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import { listSessions, type SessionInfo } from "../core/session/list.ts";
import { shellQuote } from "../util/shell-quote.ts";
import { UserError } from "./user-error.ts";

export interface ResumeTargetOptions {
  /** Where the session files are. */
  sessionsDir: string;
  /** A session id, or `last`. */
  resume: string;
  /** The folder the user asked to work in (`--cwd`, else the current directory). */
  cwd: string;
}

/** The same folder, seen through symlinks; a folder that is gone compares by its path. */
async function sameFolder(a: string, b: string): Promise<boolean> {
  const real = (p: string) => realpath(p).catch(() => resolve(p));
  return (await real(a)) === (await real(b));
}

/** The session to resume; a UserError (exit 2) says why there is none here. */
export async function findResumeTarget(options: ResumeTargetOptions): Promise<SessionInfo> {
  const sessions = await listSessions(options.sessionsDir);
  if (options.resume === "last") {
    for (const session of sessions) if (await sameFolder(session.cwd, options.cwd)) return session;
    const elsewhere = sessions.length ? "; tandem sessions lists every folder's" : "";
    throw new UserError(`no saved session of ${options.cwd} to resume${elsewhere}`, "session_not_found");
  }
  const found = sessions.find((s) => s.id === options.resume);
  if (!found) {
    throw new UserError(
      `no session "${options.resume}" in ${options.sessionsDir}; run tandem sessions to list them`,
      "session_not_found",
    );
  }
  if (!(await sameFolder(found.cwd, options.cwd))) {
    throw new UserError(
      `session ${found.id} belongs to ${found.cwd}; run from there or pass --cwd ${shellQuote(found.cwd)}`,
      "session_not_found",
    );
  }
  return found;
}
