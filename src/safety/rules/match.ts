/**
 * Rule matching. Within the user's rules and within the project's, the last matching rule wins. The
 * project's verdict then applies only where it tightens: a project `allow` is ignored when the user's rules
 * ask or deny, or when the command is destructive or unknown (it would loosen the default).
 */
import type { Risk } from "../analysis/types.ts";
import { globMatch } from "./glob.ts";
import type { PermissionRule, RuleQuery, RuleSet } from "./types.ts";

export function ruleMatches(rule: PermissionRule, query: RuleQuery): boolean {
  if (rule.tool !== "*" && rule.tool !== query.tool) return false;
  if (rule.command !== undefined)
    return query.command !== undefined && globMatch(rule.command, query.command, "command");
  if (rule.pattern !== undefined)
    return query.path !== undefined && globMatch(rule.pattern, query.path, "path");
  return true;
}

function lastMatch(
  rules: readonly PermissionRule[],
  query: RuleQuery,
  source: "user" | "project",
): PermissionRule | undefined {
  let found: PermissionRule | undefined;
  for (const rule of rules) if (rule.source === source && ruleMatches(rule, query)) found = rule;
  return found;
}

export interface RuleVerdict {
  /** The rule that decides, if any. */
  rule?: PermissionRule;
  /** A project `allow` that matched but was ignored, and why. */
  ignored?: { rule: PermissionRule; why: string };
}

/** Which rule decides `query`. `risk` is the analysed risk of a shell command (file tools: omit). */
export function evaluateRules(set: RuleSet, query: RuleQuery, risk?: Risk): RuleVerdict {
  const user = lastMatch(set.rules, query, "user");
  const project = lastMatch(set.rules, query, "project");
  if (!project) return user ? { rule: user } : {};
  if (project.action === "allow") {
    let why: string | undefined;
    if (user && user.action !== "allow") why = `the user's rule #${user.index} says ${user.action}`;
    else if (risk === "destructive" || risk === "unknown")
      why = `the command is ${risk}; a project rule cannot allow that`;
    if (why !== undefined) {
      const verdict: RuleVerdict = { ignored: { rule: project, why } };
      if (user) verdict.rule = user;
      return verdict;
    }
  }
  return { rule: project };
}
