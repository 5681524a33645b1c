/** `tandem sessions [--json]`: saved sessions, newest activity first. */
import { sessionsDirOf } from "../app/config.ts";
import { UserError } from "../app/user-error.ts";
import { listSessions } from "../core/session/list.ts";
import { parseCommandArgs } from "./parse.ts";

export async function sessionsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("sessions", args, { json: { type: "boolean" } });
  if (positionals.length > 0) throw new UserError("sessions takes no arguments (tandem resume ID opens one)");
  const dir = sessionsDirOf();
  const sessions = await listSessions(dir);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`);
    return 0;
  }
  if (sessions.length === 0) {
    process.stdout.write(`no saved sessions in ${dir}\n`);
    return 0;
  }
  for (const s of sessions) {
    const when = s.last_activity.replace("T", " ").slice(0, 16);
    process.stdout.write(`${s.id}  ${when}  ${s.model}  ${s.cwd}\n    ${s.preview || "(no message)"}\n`);
  }
  process.stdout.write(
    '\nContinue one from its folder with: tandem exec --resume ID "…" (--resume last: the folder\'s newest)\n',
  );
  return 0;
}
