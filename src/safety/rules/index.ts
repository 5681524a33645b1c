export { globMatch } from "./glob.ts";
export { type LoadRulesOptions, loadRules, normalizedCommands, RulesError } from "./load.ts";
export { evaluateRules, ruleMatches } from "./match.ts";
export type { PermissionRule, RuleAction, RuleQuery, RuleSet } from "./types.ts";
export { EMPTY_RULES } from "./types.ts";
