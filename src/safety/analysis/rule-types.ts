/**
 * The shape of a command rule. Rules are data: which command names they apply to, a declarative matcher
 * (subcommand words, flags present or absent) with an optional predicate for what the declarative part
 * cannot say, the risk and the reason. Every rule carries example commands that must classify as the rule
 * says (and, optionally, look-alikes it must not fire on); the examples are checked when the rules load.
 */
import type { ParsedArgs } from "./args.ts";
import type { Stdin } from "./commands.ts";
import type { PathJudge, PathPlace } from "./paths.ts";
import type { Arg, Risk } from "./types.ts";

export interface RuleContext {
  /** Normalized command name (`/bin/rm` and `\rm` are `rm`). */
  name: string;
  /** Words after the name (for git: after its global options). */
  args: readonly Arg[];
  parsed: ParsedArgs;
  /** Directory the command runs in; undefined when we could not follow a `cd`. */
  cwd: string | undefined;
  paths: PathJudge;
  stdin: Stdin | undefined;
  /** For git: a `-c` setting that makes git run a program. */
  gitRunsConfig?: string;
  /** For git: `--git-dir` and `--work-tree` values. */
  gitDirs?: readonly Arg[];
}

export interface CommandRule {
  /** Kebab-case id shown in reasons: `(rule rm-recursive)`. */
  name: string;
  /** Command names the rule applies to. */
  commands: readonly string[];
  /** Leading operands that must equal these words (`["reset"]` for `git reset`). */
  sub?: readonly string[];
  /** Fires only if one of these flags is present (`-r`, `--recursive`). */
  anyFlag?: readonly string[];
  /** Fires only if none of these flags is present. */
  noFlag?: readonly string[];
  /** Extra condition for what the fields above cannot express. */
  when?: (ctx: RuleContext) => boolean;
  risk: Risk;
  /** `rm -r: recursive delete`; the rule name is appended when shown. */
  reason: string;
  /** The reason for this command when it depends on its words (`sort -o: writes its output to FILE`). */
  explain?: (ctx: RuleContext) => string;
  /** Commands this rule must fire on, with the whole command classifying as `risk`. At least one. */
  examples: readonly string[];
  /** Commands this rule must not fire on. */
  notExamples?: readonly string[];
}

/** Operands after the subcommand words of `rule`. */
export function operandsAfter(ctx: RuleContext, count: number): readonly Arg[] {
  return ctx.parsed.operands.slice(count);
}

export function places(ctx: RuleContext, args: readonly Arg[]): PathPlace[] {
  return args.map((a) => ctx.paths.place(a));
}

/** True when any operand is outside the workspace or cannot be resolved (variables, `{}`, stdin words). */
export function anyBeyondWorkspace(ctx: RuleContext, args: readonly Arg[]): boolean {
  return places(ctx, args).some((p) => p === "outside" || p === "unresolved");
}
