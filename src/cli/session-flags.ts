/** The flags that shape a session, shared by `tandem exec` and the interactive UI, validated once. */
import type { SafetyChoice } from "../app/safety-setup.ts";
import { UserError } from "../app/user-error.ts";
import { isPermissionMode, PERMISSION_MODES } from "../protocol/permissions.ts";
import { SANDBOX_MODES, type SandboxMode } from "../sandbox/types.ts";
import { parseDirectory } from "./parse.ts";

/** parseArgs definitions: `-m/--model`, `-C/--cwd`, `--mode`, `--sandbox`, `--network`. */
export const sessionFlags = {
  model: { type: "string", short: "m" },
  cwd: { type: "string", short: "C" },
  mode: { type: "string" },
  sandbox: { type: "string" },
  network: { type: "boolean" },
} as const;

export interface SessionChoice extends SafetyChoice {
  model?: string;
  /** Absolute, checked to be a directory. */
  cwd?: string;
}

export async function sessionChoice(values: {
  model?: string | boolean;
  cwd?: string | boolean;
  mode?: string | boolean;
  sandbox?: string | boolean;
  network?: string | boolean;
}): Promise<SessionChoice> {
  const choice: SessionChoice = {};
  if (typeof values.model === "string") choice.model = values.model;
  if (typeof values.cwd === "string") choice.cwd = await parseDirectory("--cwd", values.cwd);
  if (typeof values.mode === "string") {
    if (!isPermissionMode(values.mode))
      throw new UserError(`--mode must be one of ${PERMISSION_MODES.join(", ")}`);
    choice.mode = values.mode;
  }
  if (typeof values.sandbox === "string") {
    if (!SANDBOX_MODES.includes(values.sandbox as SandboxMode))
      throw new UserError(`--sandbox must be one of ${SANDBOX_MODES.join(", ")}`);
    choice.sandbox = values.sandbox as SandboxMode;
  }
  if (values.network === true) choice.network = true;
  return choice;
}
