/**
 * Matches a command against the rule tables. Every rule that matches contributes; the command's risk is the
 * worst of them. A command no rule knows is unknown (rule `unlisted`).
 */
import { hasFlag } from "./args.ts";
import { GIT_RULES } from "./git.ts";
import { GIT_DATA_RULES } from "./git-data.ts";
import { GIT_REACH_RULES } from "./git-reach.ts";
import type { CommandRule, RuleContext } from "./rule-types.ts";
import { DEV_RULES } from "./rules-dev.ts";
import { EFFECT_RULES } from "./rules-effects.ts";
import { FILE_RULES } from "./rules-files.ts";
import { INFRA_RULES } from "./rules-infra.ts";
import { SYSTEM_RULES } from "./rules-system.ts";
import { VERSION_RULES } from "./rules-version.ts";
import { type Risk, worst } from "./types.ts";

export const COMMAND_RULES: readonly CommandRule[] = [
  ...FILE_RULES,
  ...GIT_RULES,
  ...GIT_REACH_RULES,
  ...VERSION_RULES,
  ...DEV_RULES,
  ...INFRA_RULES,
  ...EFFECT_RULES,
  ...SYSTEM_RULES,
  ...GIT_DATA_RULES,
];

const BY_NAME = new Map<string, CommandRule[]>();
for (const rule of COMMAND_RULES) {
  for (const name of rule.commands) {
    const list = BY_NAME.get(name) ?? [];
    list.push(rule);
    BY_NAME.set(name, list);
  }
}

export interface Verdict {
  risk: Risk;
  reasons: string[];
}

export function formatReason(reason: string, rule: string): string {
  return `${reason} (rule ${rule})`;
}

function matches(rule: CommandRule, ctx: RuleContext): boolean {
  if (rule.sub) {
    const ops = ctx.parsed.operands;
    if (!rule.sub.every((word, i) => ops[i]?.literal && ops[i]?.text === word)) return false;
  }
  if (rule.anyFlag && !hasFlag(ctx.parsed, rule.anyFlag)) return false;
  if (rule.noFlag && hasFlag(ctx.parsed, rule.noFlag)) return false;
  return rule.when ? rule.when(ctx) : true;
}

export function knownCommand(name: string): boolean {
  return BY_NAME.has(name);
}

export function classify(ctx: RuleContext): Verdict {
  const candidates = [...(BY_NAME.get(ctx.name) ?? []), ...(BY_NAME.get("*") ?? [])];
  const fired = candidates.filter((rule) => matches(rule, ctx));
  let risk: Risk | undefined;
  for (const rule of fired) risk = risk === undefined ? rule.risk : worst(risk, rule.risk);
  // Only the rules at the command's worst risk explain it; the milder ones it also matched are noise.
  const reasons = fired
    .filter((rule) => rule.risk === risk)
    .map((rule) => formatReason(rule.explain?.(ctx) ?? rule.reason, rule.name));
  if (risk === undefined) {
    const sub = ctx.parsed.operands[0]?.text;
    const what = BY_NAME.has(ctx.name) && sub ? `${ctx.name} ${sub}` : ctx.name;
    return { risk: "unknown", reasons: [formatReason(`${what}: no rule knows this command`, "unlisted")] };
  }
  // A version/help query is read-only whatever else the command's rules say about its bare form.
  const version = fired.find((rule) => rule.name === "version-query");
  if (version) return { risk: "read-only", reasons: [formatReason(version.reason, version.name)] };
  return { risk, reasons };
}
