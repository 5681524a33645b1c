/**
 * The programs a command runs besides itself, as data for the analyser to analyse like any command: what an
 * option names (`man -P CMD`, `rg --pre CMD`, `fd -x CMD`), a git setting (`-c core.pager=CMD`), a git
 * subcommand's own command (`submodule foreach`, `bisect run`), and the program a variable chooses (`PAGER=CMD`).
 * Each runs with a file name we cannot see appended.
 */
import type { NormalizedGit } from "./git-options.ts";
import { gitRunsCommand } from "./git-reach.ts";
import { judgeVariable } from "./program-variables.ts";
import type { RuleContext } from "./rule-types.ts";
import { effectsOf } from "./rules-effects.ts";
import type { Arg } from "./types.ts";

export type ProgramRun =
  /** Shell source (a pager setting, `foreach 'CMD'`). */
  | { via: string; source: string }
  /** Words (`fd -x rm -f`, `bisect run CMD ARGS`). */
  | { via: string; argv: Arg[] };

/** `fd -x rm` runs `rm PATH`; `{}` (and its variants) stand for the path. */
function withUnseenOperand(argv: readonly Arg[]): Arg[] {
  const unseen = (a: Arg) => a.literal && /\{[/.]*\}/.test(a.text);
  return argv.some(unseen)
    ? argv.map((a) => (unseen(a) ? { text: a.text, literal: false } : a))
    : [...argv, { text: "<matched path>", literal: false }];
}

const withFile = (source: string) => `${source} "$FILE"`;

/** Programs the command in `ctx` (named `name`; `git` when it is git) runs through its options or settings. */
export function programsRun(ctx: RuleContext, git: NormalizedGit | undefined): ProgramRun[] {
  const out: ProgramRun[] = [];
  for (const f of effectsOf(ctx)) {
    if (f.effect.kind !== "runs") continue;
    const via = `${ctx.name} ${f.flag}`;
    if (f.rest) out.push({ via, argv: withUnseenOperand(f.rest) });
    else if (f.value?.literal) out.push({ via, source: withFile(f.value.text) });
  }
  if (git) {
    for (const program of git.programs) out.push({ via: "git -c", source: withFile(program) });
    const run = gitRunsCommand(ctx);
    if (run?.argv) out.push({ via: run.via, argv: run.argv });
    else if (run?.source) out.push({ via: run.via, source: run.source });
  }
  return out;
}

/** The program a variable assignment chooses, or why it cannot be bounded; undefined when it chooses none. */
export function variableProgram(
  name: string,
  value: Arg,
): ProgramRun | { via: string; opaque: string } | undefined {
  const verdict = judgeVariable(name, value);
  if (!verdict) return undefined;
  if (verdict.kind === "opaque") return { via: `${name}=`, opaque: verdict.why };
  return { via: `${name}=`, source: withFile(verdict.source) };
}
