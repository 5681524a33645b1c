/**
 * The gate's decision for a tool whose effects tandem does not know: kind `other`, an `execute` tool that does
 * not declare it runs inside the session's sandbox (with the command it runs), an `edit` tool that does not
 * declare its paths, and a `delegate` tool (no sub-agent's calls pass this gate yet). MCP tools will be such
 * tools. A user's rule for the tool (`tool = "<name>"` in rules.toml) decides first; then the mode's row of
 * `UNKNOWN_TOOL_TABLE` (policy-table.ts), by whether the tool declares itself read-only.
 */

import type { GateCall, GateDecision } from "../core/gate.ts";
import { readOnlyOf, type Tool } from "../core/tool.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import { type RulesFiles, ruleAskedHints, ruleDeniedHints, unknownToolHints } from "./allow-hints.ts";
import { UNKNOWN_TOOL_TABLE } from "./policy-table.ts";
import { evaluateRules, type RuleSet } from "./rules/index.ts";
import { describeRule } from "./rules/types.ts";

export interface UnknownToolContext {
  /** Permission rules. Default: none. */
  rules?: RuleSet;
  rulesFiles: RulesFiles;
  /** Approve-always memory of the session (here: `tool:<name>`). */
  remembered: ReadonlySet<string>;
}

/** True when the gate cannot tell from the tool's declarations what a call of it does. */
export function unknownEffects(tool: Pick<Tool, "kind" | "sandboxed" | "command" | "paths">): boolean {
  switch (tool.kind) {
    case "read":
    case "search":
    case "fetch":
    case "think":
      return false;
    case "edit":
      return tool.paths === undefined;
    case "execute":
      return tool.sandboxed !== true || tool.command === undefined;
    default:
      return true;
  }
}

/** How an approve-always of a tool with unknown effects is remembered (apart from commands and paths). */
export const rememberKey = (name: string) => `tool:${name}`;

export function checkUnknownTool(
  call: GateCall,
  mode: PermissionMode,
  context: UnknownToolContext,
): GateDecision {
  const name = call.tool.name;
  const readOnly = readOnlyOf(call.tool);
  const what = `${name} is a tool whose effects tandem cannot check (kind ${call.tool.kind}${call.tool.kind === "execute" ? ", run outside the sandbox" : ""}${readOnly ? ", declared read-only" : ""})`;
  // A project's rule may tighten but never allow it (risk "unknown", as for an unknown shell command).
  const { rule } = evaluateRules(context.rules ?? { rules: [], warnings: [] }, { tool: name }, "unknown");
  if (rule?.action === "deny")
    return {
      action: "deny",
      reason: `refused by a permission rule: ${name}: denied by ${describeRule(rule)}`,
      howToAllow: ruleDeniedHints(describeRule(rule)),
    };
  if (rule?.action === "allow") return { action: "allow" };
  const hints = unknownToolHints(name, mode, readOnly, context.rulesFiles);
  const ask = (reason: string, howToAllow: string[]): GateDecision => ({
    action: "ask",
    summary: `Run ${name}`,
    risk: "unknown",
    reasons: [what],
    reason,
    howToAllow,
  });
  if (rule?.action === "ask")
    return ask(
      `${name} is asked by ${describeRule(rule)}, but nobody is present to approve it. Nothing was run.`,
      ruleAskedHints(describeRule(rule)),
    );
  const action = UNKNOWN_TOOL_TABLE[mode][readOnly ? "readOnly" : "changing"];
  if (action === "allow" || context.remembered.has(rememberKey(name))) return { action: "allow" };
  if (action === "ask")
    return ask(
      `${what}; ${mode} mode asks before running it, but nobody is present to approve it. Nothing was run.`,
      hints,
    );
  return {
    action: "deny",
    reason: `refused: ${what}; ${mode} mode runs such a tool only when it declares itself read-only or a rule in the user's rules.toml allows it. Nothing was run.`,
    howToAllow: hints,
  };
}
