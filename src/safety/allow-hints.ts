/**
 * How the user can let a refused call run: a rule for `rules.toml` (written out, ready to paste), a mode and
 * sandbox in which the decision table (policy-table.ts) runs it, or their own approval in the interactive UI.
 * Shown with every refusal: in `tandem exec`'s output, the `tool_call_finished` event (`refusal.how_to_allow`)
 * and the model's result, so the model can pass it on. Only ways that work are named: a project's rules cannot
 * allow an unknown command, and no rule lets a destructive one skip the guard.
 */
import type { PermissionMode } from "../protocol/permissions.ts";
import type { Risk } from "./analysis/types.ts";
import { type Containment, tableAction, UNKNOWN_TOOL_TABLE } from "./policy-table.ts";

/** The rules files as shown to the user. */
export interface RulesFiles {
  /** The user's rules (`TANDEM_HOME/rules.toml`). */
  user: string;
  /** The project's rules (`.tandem/rules.toml` in the workspace). */
  project: string;
}

export const DEFAULT_RULES_FILES: RulesFiles = {
  user: "~/.tandem/rules.toml",
  project: ".tandem/rules.toml",
};

/** The sessions a hint may suggest, each with how the user starts one. */
const SESSIONS: readonly { mode: PermissionMode; containment: Containment; how: string }[] = [
  {
    mode: "auto",
    containment: "sealed",
    how: "`--mode auto` in the sandbox with network off (exec's default: no `--sandbox full-access`, no `--network`)",
  },
  {
    mode: "full",
    containment: "none",
    how: "`--mode full` (no sandbox and no questions; the destructive-action guard still applies)",
  },
];

const UI_APPROVAL = "approve it yourself: the interactive UI (`tandem --mode ask`) asks before running it";
const NO_RULE_SKIPS_GUARD = "no rule lets a destructive command skip the destructive-action guard";

/**
 * A `[[rules]]` table allowing `command` (a glob), or every call of `tool` without one, as written in rules.toml
 * (JSON strings are valid TOML basic strings).
 */
export function allowRule(tool: string, command?: string): string {
  const match = command === undefined ? [] : [`command = ${JSON.stringify(command)}`];
  return ["[[rules]]", `tool = ${JSON.stringify(tool)}`, ...match, 'action = "allow"'].join("\n");
}

export interface ShellHintInput {
  mode: PermissionMode;
  containment: Containment;
  /** The risk of the parts the table asks about. */
  risk: Risk;
  /** The normalized commands (argv joined) of those parts; each gets a rule. */
  commands: readonly string[];
  /** The command tool's name, as its rules name it. Default `shell`. */
  tool?: string;
  files: RulesFiles;
}

/** Ways to run a shell command the mode's table asks about (nobody present: refused). */
export function shellHints(input: ShellHintInput): string[] {
  const { risk, files } = input;
  const where =
    risk === "unknown"
      ? `${files.user} (a project's rules cannot allow an unknown command)`
      : `${files.project} or ${files.user}`;
  const rules = [...new Set(input.commands)]
    .slice(0, 3)
    .map((c) => allowRule(input.tool ?? "shell", `${c}*`));
  const hints = [`allow it with a rule in ${where}:\n${rules.join("\n\n")}`];
  hints.push(...sessionHints(input.mode, input.containment, risk));
  if (input.mode !== "ask") hints.push(UI_APPROVAL);
  return hints;
}

/** The other sessions in which the table runs `risk` without asking. */
function sessionHints(mode: PermissionMode, containment: Containment, risk: Risk): string[] {
  return SESSIONS.filter(
    (s) =>
      (s.mode !== mode || s.containment !== containment) &&
      tableAction(s.mode, risk, s.containment) === "allow",
  ).map((s) => `run the session with ${s.how}`);
}

/** A permission rule refused the call. */
export function ruleDeniedHints(rule: string): string[] {
  return [`remove or change ${rule}: a deny rule wins in every mode`];
}

/** A permission rule asks before the call, and nobody is present. */
export function ruleAskedHints(rule: string): string[] {
  return [`change ${rule} to action = "allow"`, UI_APPROVAL];
}

/** The guard will not run a destructive command here without someone's yes. */
export function guardHints(mode: PermissionMode, plan: { reversible: boolean; outside: boolean }): string[] {
  if (plan.outside) {
    return [
      "it acts outside the workspace, where nothing can undo it: only you can approve it, in the interactive UI (`tandem`) in any mode, or run it yourself",
      NO_RULE_SKIPS_GUARD,
    ];
  }
  const hints: string[] = [];
  if (plan.reversible && mode === "ask")
    hints.push(
      "run the session with `--mode auto`: the guard backs it up first, then it runs when re-issued with a justification",
    );
  if (!plan.reversible && mode !== "full")
    hints.push(
      "run the session with `--mode full`: the guard stops it once, then it runs after a checkpoint when re-issued with a justification (nothing backs up what it destroys)",
    );
  hints.push(UI_APPROVAL, NO_RULE_SKIPS_GUARD);
  return hints;
}

/** A file tool would write outside the workspace or a protected path: only the user can approve that. */
export function protectedWriteHints(what: "outside the workspace" | "a protected path"): string[] {
  return [
    `only you can approve a change ${what === "outside the workspace" ? "outside the workspace" : "to a protected path"}: in the interactive UI (\`tandem\`), or make it yourself`,
  ];
}

/** A file tool (or another tool) needs approval in ask mode, and nobody is present. */
export function toolHints(tool: string, files: RulesFiles): string[] {
  return [
    `allow every ${tool} call with a rule in ${files.project} or ${files.user}:\n${allowRule(tool)}`,
    "run the session with `--mode auto` (changes are checkpointed; `tandem undo` reverses them)",
  ];
}

/**
 * A tool whose effects tandem does not know was refused or needs a yes nobody can give: a user rule for it (a
 * project's rules cannot allow it), the modes whose table runs it (policy-table.ts `UNKNOWN_TOOL_TABLE`), and
 * the user's own approval.
 */
export function unknownToolHints(
  tool: string,
  mode: PermissionMode,
  readOnly: boolean,
  files: RulesFiles,
): string[] {
  const hints = [
    `allow every ${tool} call with a rule in ${files.user} (a project's rules cannot allow a tool whose effects are unknown):\n${allowRule(tool)}`,
  ];
  for (const s of SESSIONS) {
    const action = UNKNOWN_TOOL_TABLE[s.mode][readOnly ? "readOnly" : "changing"];
    if (s.mode !== mode && action === "allow") hints.push(`run the session with \`--mode ${s.mode}\``);
  }
  hints.push(mode === "ask" ? "approve it when the interactive UI asks" : UI_APPROVAL);
  return hints;
}
