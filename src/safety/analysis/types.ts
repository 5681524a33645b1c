/**
 * Shared types of the command analysis. Risk classes are ordered: a command's risk is the worst of its parts,
 * where read-only < write < unknown < destructive (unknown ranks above write because we cannot bound it;
 * destructive ranks above unknown because it goes to the destructive-action guard whatever the mode).
 */
import type { Risk } from "../../protocol/permissions.ts";

export type { Risk };

const RANK: Record<Risk, number> = { "read-only": 0, write: 1, unknown: 2, destructive: 3 };

export function worst(a: Risk, b: Risk): Risk {
  return RANK[a] >= RANK[b] ? a : b;
}

export function riskRank(risk: Risk): number {
  return RANK[risk];
}

/** One effective simple command (wrappers stripped) with its own verdict. */
export interface CommandPart {
  /** The effective argv after stripping wrappers; non-literal words keep their source text. */
  argv: string[];
  risk: Risk;
  /** Each names the rule that fired: `rm -r: recursive delete (rule rm-recursive)`. */
  reasons: string[];
  /** Names of the rules in `reasons` (`rm-recursive`), for code that acts on a specific rule (the guard). */
  rules: string[];
  /** Wrappers that were stripped to reach this command, outermost first (`sudo`, `bash -c`, `xargs`). */
  via?: string[];
  /**
   * Directory the command runs in after literal `cd`, `git -C`, `env -C`, `sudo -D`; absent when it cannot
   * be known statically.
   */
  cwd?: string;
  /** Absolute paths inside a `.git` directory it deletes or writes (rule `git-data`), for the guard's backup. */
  gitData?: string[];
}

export interface CommandAnalysis {
  risk: Risk;
  /** Reasons of the parts at the worst risk (deduplicated), plus the parse error if any. */
  reasons: string[];
  commands: CommandPart[];
  parseError?: string;
}

export interface AnalyzeOptions {
  /** Directory the command runs in; relative paths resolve against it. */
  cwd: string;
  /** Directories whose contents checkpoints can restore. Default: `[cwd]`. */
  workspaceRoots?: string[];
  /** Home directory for `~` and `$HOME`. Default: `os.homedir()`. */
  home?: string;
}

/** A word of a command after quote removal. */
export interface Arg {
  /** The literal value when `literal`, else the source text (e.g. `$f`). */
  text: string;
  /** False when the value depends on expansion or substitution at run time. */
  literal: boolean;
  /** Names of the commands run by substitutions inside this word (`$(curl …)` → `["curl"]`). */
  runs?: string[];
}
