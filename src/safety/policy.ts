/**
 * Turns an analysed command into allow / ask / deny for a permission mode, with the user's and project's
 * rules applied on top:
 *
 * | risk        | ask mode | auto mode              | full mode |
 * |-------------|----------|------------------------|-----------|
 * | read-only   | allow    | allow                  | allow     |
 * | write       | ask      | allow (runs sandboxed) | allow     |
 * | unknown     | ask      | ask                    | allow     |
 * | destructive | guard    | guard                  | guard     |
 *
 * "guard" is `decision: "ask"` with `guard: true`: the destructive-action guard (built separately) takes it
 * from there. Rules act per simple command: `deny` always wins over the mode; `ask` and `allow` replace the
 * mode's default; an `allow` never lets a destructive command skip the guard. A compound command is denied if
 * any part is denied, guarded if any part is destructive, asked if any part asks, and allowed otherwise.
 */
import type { GateDecision } from "../core/gate.ts";
import { analyzeCommand } from "./analysis/index.ts";
import type { CommandAnalysis, CommandPart, Risk } from "./analysis/types.ts";
import { evaluateRules } from "./rules/match.ts";
import { describeRule, EMPTY_RULES, type RuleSet } from "./rules/types.ts";

export type Mode = "ask" | "auto" | "full";
export type Decision = "allow" | "ask" | "deny";

export interface DecideOptions {
  mode: Mode;
  /** Loaded permission rules. Default: none. */
  rules?: RuleSet;
  /** Tool id the rules are matched against. Default: `"shell"`. */
  tool?: string;
}

export interface PolicyDecision {
  decision: Decision;
  /** The analysed risk of the whole command. */
  risk: Risk;
  reasons: string[];
  /** Set when a destructive part sends the command to the destructive-action guard. */
  guard?: true;
}

type PartOutcome = { kind: Decision | "guard"; reasons: string[] };

const label = (part: CommandPart) => {
  const text = part.argv.join(" ");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

function modeDefault(mode: Mode, risk: Risk, what: string): PartOutcome {
  if (risk === "read-only") return { kind: "allow", reasons: [] };
  if (mode === "full") return { kind: "allow", reasons: [] };
  if (mode === "auto") {
    if (risk === "write") return { kind: "allow", reasons: [] };
    return { kind: "ask", reasons: [`${what}: auto mode asks before unknown commands`] };
  }
  return { kind: "ask", reasons: [`${what}: ask mode asks before ${risk} commands`] };
}

function decidePart(part: CommandPart, options: DecideOptions): PartOutcome {
  const what = label(part);
  const verdict = evaluateRules(
    options.rules ?? EMPTY_RULES,
    { tool: options.tool ?? "shell", command: part.argv.join(" ") },
    part.risk,
  );
  const notes = verdict.ignored
    ? [`${what}: ignored ${describeRule(verdict.ignored.rule)}: ${verdict.ignored.why}`]
    : [];
  const rule = verdict.rule;
  if (rule?.action === "deny") return { kind: "deny", reasons: [`${what}: denied by ${describeRule(rule)}`] };
  if (part.risk === "destructive") {
    const extra =
      rule?.action === "allow"
        ? [`${what}: ${describeRule(rule)} cannot skip the destructive-action guard`]
        : [];
    return { kind: "guard", reasons: [...part.reasons.map((r) => `${what}: ${r}`), ...extra, ...notes] };
  }
  if (rule?.action === "ask")
    return { kind: "ask", reasons: [`${what}: asked by ${describeRule(rule)}`, ...notes] };
  if (rule?.action === "allow")
    return { kind: "allow", reasons: [`${what}: allowed by ${describeRule(rule)}`] };
  const outcome = modeDefault(options.mode, part.risk, what);
  if (outcome.kind === "ask") outcome.reasons.push(...part.reasons.map((r) => `${what}: ${r}`));
  outcome.reasons.push(...notes);
  return outcome;
}

export function decide(analysis: CommandAnalysis, options: DecideOptions): PolicyDecision {
  const parts: CommandPart[] =
    analysis.commands.length > 0
      ? analysis.commands
      : [{ argv: [], risk: analysis.risk, reasons: analysis.reasons, rules: [] }];
  const outcomes = parts.map((p) => decidePart(p, options));
  const of = (kind: PartOutcome["kind"]) => outcomes.filter((o) => o.kind === kind).flatMap((o) => o.reasons);
  const base = { risk: analysis.risk };
  if (outcomes.some((o) => o.kind === "deny")) return { ...base, decision: "deny", reasons: of("deny") };
  if (outcomes.some((o) => o.kind === "guard")) {
    return { ...base, decision: "ask", guard: true, reasons: [...of("guard"), ...of("ask")] };
  }
  if (outcomes.some((o) => o.kind === "ask")) return { ...base, decision: "ask", reasons: of("ask") };
  const reasons = of("allow");
  return {
    ...base,
    decision: "allow",
    reasons: reasons.length > 0 ? reasons : [`${analysis.risk} in ${options.mode} mode`],
  };
}

export interface PolicyCheckOptions {
  cwd: string;
  mode: Mode;
  rules?: RuleSet;
  /** Workspace roots for path judgements. Default: `[cwd]`. */
  workspaceRoots?: string[];
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
  });
  const result: PolicyCheck = { ...decision, commands: analysis.commands };
  if (analysis.parseError !== undefined) result.parseError = analysis.parseError;
  return result;
}

/**
 * For file tools (write, edit): a change inside the workspace is a write; pass `risk: "destructive"` for a
 * path outside it. Rules match `pattern` globs against `path`.
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
    return { decision: "deny", risk, reasons: [`${tool} ${path}: denied by ${describeRule(rule)}`] };
  if (risk === "destructive") return { decision: "ask", guard: true, risk, reasons: part.reasons };
  if (rule?.action === "ask")
    return { decision: "ask", risk, reasons: [`${tool} ${path}: asked by ${describeRule(rule)}`] };
  if (rule?.action === "allow")
    return { decision: "allow", risk, reasons: [`${tool} ${path}: allowed by ${describeRule(rule)}`] };
  const outcome = modeDefault(options.mode, risk, `${tool} ${path}`);
  return {
    decision: outcome.kind === "ask" ? "ask" : "allow",
    risk,
    reasons: outcome.reasons.length > 0 ? outcome.reasons : [`${risk} in ${options.mode} mode`],
  };
}

/**
 * The gate's view of a shell decision (src/core/gate.ts). A guarded (destructive) command maps to `ask`
 * too; the destructive-action guard should look at `guard` before this mapping when it is wired in.
 */
export function toGateDecision(check: PolicyDecision, command: string, mode: Mode): GateDecision {
  if (check.decision === "allow") return { action: "allow" };
  const why = check.reasons.join("; ");
  if (check.decision === "deny")
    return { action: "deny", reason: `Command refused by a permission rule: ${why}` };
  const shown = command.length > 120 ? `${command.slice(0, 117)}...` : command;
  return {
    action: "ask",
    summary: `Run \`${shown}\` (${check.risk})`,
    risk: check.risk,
    reasons: check.reasons,
    reason: `\`${shown}\` is ${check.risk} and needs approval in ${mode} mode, but nobody is present to approve it (${why}). Nothing was run; use a read-only or narrower command, or ask the user to run it.`,
  };
}
