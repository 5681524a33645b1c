/** Permission rules: `[[rules]]` tables from the user's and the project's TOML files. */

export type RuleAction = "allow" | "ask" | "deny";
export type RuleSource = "user" | "project";

export interface PermissionRule {
  /** Tool id the rule applies to (`shell`, `write`, `edit`, …) or `*` for every tool. */
  tool: string;
  /** Glob on the normalized shell command (wrappers stripped, words joined by spaces). */
  command?: string;
  /** Glob on the path a file tool touches (relative to the workspace root). */
  pattern?: string;
  action: RuleAction;
  /** Commands (or paths) this rule must match; checked when the file loads. */
  examples: string[];
  source: RuleSource;
  /** File the rule came from. */
  file: string;
  /** 1-based position among the file's `[[rules]]`. */
  index: number;
}

export interface RuleSet {
  /** User rules first, then project rules; within a source, the last match wins. */
  rules: PermissionRule[];
  /** Project rules that cannot take effect as written (a project cannot loosen the user's rules). */
  warnings: string[];
}

export const EMPTY_RULES: RuleSet = { rules: [], warnings: [] };

/** A call as the rules see it. */
export interface RuleQuery {
  tool: string;
  /** Normalized command of one simple command, for the shell tool. */
  command?: string;
  /** Path for file tools. */
  path?: string;
}

export function describeRule(rule: PermissionRule): string {
  const what =
    rule.command !== undefined
      ? `command "${rule.command}"`
      : rule.pattern !== undefined
        ? `pattern "${rule.pattern}"`
        : "any call";
  return `${rule.source} rule #${rule.index} in ${rule.file} (${rule.action} ${rule.tool} ${what})`;
}
