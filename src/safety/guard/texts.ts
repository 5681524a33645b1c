/** What the guard tells the model about a destructive command: the command as shown, its impact, the re-issue. */
import type { PermissionMode } from "../../protocol/permissions.ts";
import { clip } from "../../util/clip.ts";
import type { GuardPlan } from "./plan.ts";

/** The command as quoted in a message: cut at 120 characters. */
export const shown = (command: string) => clip(command, 120);

/** One bullet line per impact line. */
export const bullets = (lines: string[]) => lines.map((l) => `- ${l}`).join("\n");

/**
 * What happens to the justified re-issue of a destructive command, in `mode`: the text must promise only what
 * the gate does (auto never gets here with an irreversible command: it refuses it outright).
 */
export function afterReissue(mode: PermissionMode, plan: Pick<GuardPlan, "reversible" | "outside">): string {
  if (plan.outside)
    return "it acts outside the workspace, so in every mode it will also need the user's explicit yes";
  const backup = "tandem will back it up first so `tandem undo` can reverse it";
  if (mode === "ask")
    return plan.reversible
      ? `${backup}, and it will run only after the user's explicit yes`
      : "it cannot be backed up, so it will run only after the user's explicit yes";
  if (plan.reversible) return `${backup}; in ${mode} mode it then runs without asking the user`;
  return "it cannot be backed up, and in full mode it then runs without asking the user: only the checkpoint of the workspace taken before it can bring files back";
}
