/**
 * Turns an analysed command into allow / ask / deny for a permission mode, with the user's and project's
 * rules applied on top. The mode's defaults are the declared table in policy-table.ts (`DECISION_TABLE`), read
 * per risk class and, for `auto`'s unknown commands, per containment (does a sandbox with network off contain
 * the command?):
 *
 * | risk        | ask mode | auto mode                                        | full mode |
 * |-------------|----------|--------------------------------------------------|-----------|
 * | read-only   | allow    | allow                                            | allow     |
 * | write       | ask      | allow (runs sandboxed)                           | allow     |
 * | unknown     | ask      | allow in the sandbox with network off; else ask  | allow     |
 * | destructive | guard    | guard                                            | guard     |
 *
 * "guard" is `decision: "ask"` with `guard: true`: the gate (gate.ts) hands it to the destructive-action guard
 * (guard/: computed impact, backups, refusal in auto when it cannot be undone) instead of `toGateDecision`.
 * Rules act per simple command: `deny` always wins over the mode; `ask` and `allow` replace the mode's
 * default; an `allow` never lets a destructive command skip the guard. A compound command is denied if
 * any part is denied, guarded if any part is destructive, asked if any part asks, and allowed otherwise.
 * Every ask and deny but the guard's carries `howToAllow`: the ways the user can let it run (allow-hints.ts;
 * the guard gives its own).
 */

import type { GateDecision } from "../core/gate.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import { clip } from "../util/clip.ts";
import {
  DEFAULT_RULES_FILES,
  type RulesFiles,
  ruleAskedHints,
  ruleDeniedHints,
  shellHints,
  toolHints,
} from "./allow-hints.ts";
import { analyzeCommand } from "./analysis/index.ts";
import { type CommandAnalysis, type CommandPart, type Risk, worst } from "./analysis/types.ts";
import { allowReason, askReason, type Containment, tableAction } from "./policy-table.ts";
import { evaluateRules } from "./rules/match.ts";
import { describeRule, EMPTY_RULES, type RuleSet } from "./rules/types.ts";

export { type Containment, containmentOf } from "./policy-table.ts";
export type Decision = "allow" | "ask" | "deny";

export interface DecideOptions {
  mode: PermissionMode;
  /** Loaded permission rules. Default: none. */
  rules?: RuleSet;
  /** Tool id the rules are matched against. Default: `"shell"`. */
  tool?: string;
  /**
   * How much of what the command can touch the OS sandbox contains (`containmentOf(sandbox, network)`).
   * Default `"none"`: a caller that does not say is not trusted to be sandboxed.
   */
  containment?: Containment;
  /** The rules files named in `howToAllow`. Default: `~/.tandem/rules.toml` and `.tandem/rules.toml`. */
  rulesFiles?: RulesFiles;
}

export interface PolicyDecision {
  decision: Decision;
  /** The analysed risk of the whole command. */
  risk: Risk;
  reasons: string[];
  /** Set when a destructive part sends the command to the destructive-action guard. */
  guard?: true;
  /** For `ask` and `deny` (not the guard's): how the user can let it run. */
  howToAllow?: string[];
}

type PartOutcome = {
  kind: Decision | "guard";
  reasons: string[];
  /** A rule's own ways to allow (deny and ask rules). */
  hints?: string[];
  /** Set when the mode's table asks: the part's normalized command and risk, for the shared hints. */
  table?: { command: string; risk: Risk };
};

const label = (part: CommandPart) => {
  const text = part.argv.join(" ");
  return clip(text, 80);
};

function modeDefault(options: DecideOptions, risk: Risk, what: string): PartOutcome {
  const containment = options.containment ?? "none";
  const action = tableAction(options.mode, risk, containment);
  if (action === "ask")
    return { kind: "ask", reasons: [`${what}: ${askReason(options.mode, risk, containment)}`] };
  return { kind: action, reasons: [] };
}

function decidePart(part: CommandPart, options: DecideOptions): PartOutcome {
  const what = label(part);
  const command = part.argv.join(" ");
  const verdict = evaluateRules(
    options.rules ?? EMPTY_RULES,
    { tool: options.tool ?? "shell", command },
    part.risk,
  );
  const notes = verdict.ignored
    ? [`${what}: ignored ${describeRule(verdict.ignored.rule)}: ${verdict.ignored.why}`]
    : [];
  const rule = verdict.rule;
  if (rule?.action === "deny")
    return {
      kind: "deny",
      reasons: [`${what}: denied by ${describeRule(rule)}`],
      hints: ruleDeniedHints(describeRule(rule)),
    };
  if (tableAction(options.mode, part.risk, options.containment ?? "none") === "guard") {
    const extra =
      rule?.action === "allow"
        ? [`${what}: ${describeRule(rule)} cannot skip the destructive-action guard`]
        : [];
    return { kind: "guard", reasons: [...part.reasons.map((r) => `${what}: ${r}`), ...extra, ...notes] };
  }
  if (rule?.action === "ask")
    return {
      kind: "ask",
      reasons: [`${what}: asked by ${describeRule(rule)}`, ...notes],
      hints: ruleAskedHints(describeRule(rule)),
    };
  if (rule?.action === "allow")
    return { kind: "allow", reasons: [`${what}: allowed by ${describeRule(rule)}`] };
  const outcome = modeDefault(options, part.risk, what);
  if (outcome.kind === "ask") {
    outcome.reasons.push(...part.reasons.map((r) => `${what}: ${r}`));
    outcome.table = { command, risk: part.risk };
  }
  outcome.reasons.push(...notes);
  return outcome;
}

/** The hints of the parts that ask or deny: each rule's own, then one set for the parts the table asks about. */
function hintsOf(outcomes: PartOutcome[], options: DecideOptions): string[] {
  const hints = outcomes.flatMap((o) => o.hints ?? []);
  const tabled = outcomes.flatMap((o) => (o.table ? [o.table] : []));
  if (tabled.length > 0) {
    hints.push(
      ...shellHints({
        mode: options.mode,
        containment: options.containment ?? "none",
        risk: tabled.map((t) => t.risk).reduce(worst),
        commands: tabled.map((t) => t.command),
        tool: options.tool ?? "shell",
        files: options.rulesFiles ?? DEFAULT_RULES_FILES,
      }),
    );
  }
  return [...new Set(hints)];
}

export function decide(analysis: CommandAnalysis, options: DecideOptions): PolicyDecision {
  const parts: CommandPart[] =
    analysis.commands.length > 0
      ? analysis.commands
      : [{ argv: [], risk: analysis.risk, reasons: analysis.reasons, rules: [] }];
  const outcomes = parts.map((p) => decidePart(p, options));
  const having = (kind: PartOutcome["kind"]) => outcomes.filter((o) => o.kind === kind);
  const of = (kind: PartOutcome["kind"]) => having(kind).flatMap((o) => o.reasons);
  const base = { risk: analysis.risk };
  if (outcomes.some((o) => o.kind === "deny"))
    return { ...base, decision: "deny", reasons: of("deny"), howToAllow: hintsOf(having("deny"), options) };
  if (outcomes.some((o) => o.kind === "guard")) {
    return { ...base, decision: "ask", guard: true, reasons: [...of("guard"), ...of("ask")] };
  }
  if (outcomes.some((o) => o.kind === "ask"))
    return { ...base, decision: "ask", reasons: of("ask"), howToAllow: hintsOf(having("ask"), options) };
  const reasons = of("allow");
  return {
    ...base,
    decision: "allow",
    reasons:
      reasons.length > 0
        ? reasons
        : [allowReason(options.mode, analysis.risk, options.containment ?? "none")],
  };
}

export interface PolicyCheckOptions {
  cwd: string;
  mode: PermissionMode;
  rules?: RuleSet;
  /** Workspace roots for path judgements. Default: `[cwd]`. */
  workspaceRoots?: string[];
  /** As in `DecideOptions`. Default `"none"`. */
  containment?: Containment;
  /** As in `DecideOptions`. */
  rulesFiles?: RulesFiles;
}

export interface PolicyCheck extends PolicyDecision {
  commands: CommandPart[];
  parseError?: string;
}

/** Analyse and decide in one call: what `tandem policy check "COMMAND"` prints. */
export async function policyCheck(command: string, options: PolicyCheckOptions): Promise<PolicyCheck> {
  const analysis = await analyzeCommand(command, {
    cwd: options.cwd,
    ...(options.workspaceRoots ? { workspaceRoots: options.workspaceRoots } : {}),
  });
  const decision = decide(analysis, {
    mode: options.mode,
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.containment ? { containment: options.containment } : {}),
    ...(options.rulesFiles ? { rulesFiles: options.rulesFiles } : {}),
  });
  const result: PolicyCheck = { ...decision, commands: analysis.commands };
  if (analysis.parseError !== undefined) result.parseError = analysis.parseError;
  return result;
}

/**
 * For file tools (write, edit, apply_patch; gate-files.ts): a change inside the workspace is a write; pass
 * `risk: "destructive"` for a path outside it. Rules match `pattern` globs against `path`.
 */
export function decidePath(
  tool: string,
  path: string,
  options: DecideOptions & { risk?: Risk },
): PolicyDecision {
  const risk = options.risk ?? "write";
  const part: CommandPart = { argv: [tool, path], risk, reasons: [`${tool} ${path}`], rules: [] };
  const verdict = evaluateRules(options.rules ?? EMPTY_RULES, { tool, path }, risk);
  const rule = verdict.rule;
  if (rule?.action === "deny")
    return {
      decision: "deny",
      risk,
      reasons: [`${tool} ${path}: denied by ${describeRule(rule)}`],
      howToAllow: ruleDeniedHints(describeRule(rule)),
    };
  if (risk === "destructive") return { decision: "ask", guard: true, risk, reasons: part.reasons };
  if (rule?.action === "ask")
    return {
      decision: "ask",
      risk,
      reasons: [`${tool} ${path}: asked by ${describeRule(rule)}`],
      howToAllow: ruleAskedHints(describeRule(rule)),
    };
  if (rule?.action === "allow")
    return { decision: "allow", risk, reasons: [`${tool} ${path}: allowed by ${describeRule(rule)}`] };
  const outcome = modeDefault(options, risk, `${tool} ${path}`);
  if (outcome.kind === "ask")
    return {
      decision: "ask",
      risk,
      reasons: outcome.reasons,
      howToAllow: toolHints(tool, options.rulesFiles ?? DEFAULT_RULES_FILES),
    };
  return { decision: "allow", risk, reasons: [`${risk} in ${options.mode} mode`] };
}

/**
 * The gate's view (src/core/gate.ts) of a shell decision the destructive-action guard does not take: allow,
 * deny by a rule, or ask (the mode's table or an `ask` rule; with nobody to answer, `reason` is the refusal).
 * A guarded decision (`guard: true`) does not come here: gate.ts sends it to the guard (guard/plan.ts) first.
 */
export function toGateDecision(check: PolicyDecision, command: string, mode: PermissionMode): GateDecision {
  if (check.decision === "allow") return { action: "allow" };
  const why = check.reasons.join("; ");
  const hints = check.howToAllow?.length ? { howToAllow: check.howToAllow } : {};
  if (check.decision === "deny")
    return { action: "deny", reason: `Command refused by a permission rule: ${why}`, ...hints };
  const shown = clip(command, 120);
  return {
    action: "ask",
    summary: `Run \`${shown}\` (${check.risk})`,
    risk: check.risk,
    reasons: check.reasons,
    reason: `\`${shown}\` is ${check.risk} and needs approval in ${mode} mode, but nobody is present to approve it (${why}). Nothing was run; use a read-only or narrower command, or ask the user to run it.`,
    ...hints,
  };
}
