/**
 * analyzeCommand: parse a shell command with tree-sitter-bash, reach every simple command (through wrappers,
 * `bash -c`/`eval` strings, interpreter code, `find -exec` and `xargs`) and classify each with the rule
 * tables. The command's risk is the worst of its parts.
 */
import { homedir } from "node:os";
import { parseArgs, VALUE_FLAGS } from "./args.ts";
import { classify, formatReason } from "./classify.ts";
import { type Assignment, extractCommands, type RawCommand, type Stdin } from "./commands.ts";
import { gitDataOnly, gitDataTargets } from "./git-data.ts";
import { type NormalizedGit, normalizeGit } from "./git-options.ts";
import {
  CODE_RULES,
  embeddedCommands,
  type InterpreterRun,
  interpreterRun,
  isPureSubstitution,
} from "./interpreters.ts";
import { fromOrigin, type NestedCode } from "./origins.ts";
import { parseBash } from "./parser.ts";
import { commandName, findExecs, part, redirectVerdict } from "./parts.ts";
import { createPathJudge } from "./paths.ts";
import { type ProgramRun, programsRun, variableProgram } from "./programs-run.ts";
import type { RuleContext } from "./rule-types.ts";
import { SHELLS, shellCode } from "./shells.ts";
import {
  type AnalyzeOptions,
  type Arg,
  type CommandAnalysis,
  type CommandPart,
  type Risk,
  riskRank,
  worst,
} from "./types.ts";
import { isWrapper, unwrapOnce } from "./wrappers.ts";

/** Nesting limit for code inside code (`bash -c "eval 'sh -c …'"`); deeper is unknown. */
const MAX_DEPTH = 8;
const MAX_WRAPPERS = 16;
const RULE_NAME = /\(rule ([\w-]+)\)$/;
const VERSION_FLAGS = new Set(["--version", "-V", "--help", "-h"]);

interface Env {
  home: string;
  roots: string[];
  depth: number;
}

function analyzeSource(
  source: string,
  cwd: string | undefined,
  env: Env,
  via: readonly string[],
): { parts: CommandPart[]; parseError?: string } {
  if (env.depth > MAX_DEPTH) {
    return {
      parts: [
        part(
          [{ text: source, literal: true }],
          "unknown",
          [formatReason("code nested too deeply to analyse", "nesting-limit")],
          via,
        ),
      ],
    };
  }
  const tree = parseBash(source);
  let raws: RawCommand[];
  let assignments: Assignment[];
  let parseError: string | undefined;
  try {
    const extracted = extractCommands(tree, { cwd, home: env.home });
    raws = extracted.commands;
    assignments = extracted.assignments;
    parseError = extracted.parseError;
  } finally {
    tree.delete();
  }
  const parts = raws.flatMap((raw) => analyzeRaw(raw, env, via));
  for (const a of assignments) parts.push(...variableParts(a.name, a.value, cwd, env, via));
  if (parseError !== undefined) {
    parts.push(
      part([{ text: source, literal: true }], "unknown", [formatReason(parseError, "parse-error")], via),
    );
  }
  const result: { parts: CommandPart[]; parseError?: string } = { parts };
  if (parseError !== undefined) result.parseError = parseError;
  return result;
}

function analyzeRaw(raw: RawCommand, env: Env, via: readonly string[]): CommandPart[] {
  const redirect = redirectVerdict(raw, env.roots);
  if (raw.argv.length === 0) {
    const shown = raw.redirects.map((r) => ({ text: `${r.fd ?? ""}${r.op}${r.target.text}`, literal: true }));
    const only = part(
      shown,
      redirect?.risk ?? "read-only",
      redirect?.reasons ?? [formatReason("redirection only", "redirect-only")],
      via,
    );
    if (redirect?.gitData.length) only.gitData = redirect.gitData;
    if (raw.cwd !== undefined) only.cwd = raw.cwd;
    return [only];
  }
  const parts = raw.isRecursive
    ? [
        part(
          raw.argv,
          "unknown",
          [formatReason(`function ${raw.argv[0]?.text} calls itself`, "recursive-function")],
          via,
        ),
      ]
    : analyzeArgv(raw.argv, raw.cwd, raw.stdin, env, via, raw.isFunction === true);
  if (!redirect) return parts;
  const first = parts[0];
  if (parts.length === 1 && first) {
    // Keep the reasons at the merged risk only, as for rules.
    if (riskRank(redirect.risk) > riskRank(first.risk)) first.reasons = redirect.reasons;
    else if (redirect.risk === first.risk) first.reasons.push(...redirect.reasons);
    first.risk = worst(first.risk, redirect.risk);
    if (redirect.gitData.length) first.gitData = [...(first.gitData ?? []), ...redirect.gitData];
    return parts;
  }
  const shown = raw.redirects.map((r) => ({ text: `${r.fd ?? ""}${r.op}${r.target.text}`, literal: true }));
  const own = part(shown, redirect.risk, redirect.reasons, via);
  if (redirect.gitData.length) own.gitData = redirect.gitData;
  if (raw.cwd !== undefined) own.cwd = raw.cwd;
  return [...parts, own];
}

function analyzeArgv(
  start: readonly Arg[],
  startCwd: string | undefined,
  stdin: Stdin | undefined,
  env: Env,
  startVia: readonly string[],
  isFunction: boolean,
): CommandPart[] {
  // Variables a wrapper sets (`env PAGER=x git log`) are judged as parts of their own.
  const parts: CommandPart[] = [];
  return [...unwrapAndClassify(start, startCwd, stdin, env, startVia, isFunction, parts), ...parts];
}

function unwrapAndClassify(
  start: readonly Arg[],
  startCwd: string | undefined,
  stdin: Stdin | undefined,
  env: Env,
  startVia: readonly string[],
  isFunction: boolean,
  parts: CommandPart[],
): CommandPart[] {
  let argv = start;
  let cwd = startCwd;
  const via = [...startVia];
  for (let round = 0; round < MAX_WRAPPERS; round++) {
    const head = argv[0];
    if (!head) return [];
    if (!head.literal) {
      return [
        part(argv, "unknown", [formatReason("command name is computed at run time", "dynamic-command")], via),
      ];
    }
    if (isFunction && round === 0) {
      return [
        part(
          argv,
          "read-only",
          [
            formatReason(
              `calls function ${head.text}, whose body is analysed where it is defined`,
              "function-call",
            ),
          ],
          via,
        ),
      ];
    }
    const name = commandName(head.text);
    if (name === undefined) {
      return [
        part(
          argv,
          "unknown",
          [formatReason(`runs the program ${head.text}, not analysed`, "path-command")],
          via,
        ),
      ];
    }
    // `sh -h` is the hashall option, not help: a shell reading a pipe still runs it.
    const flag = argv[1]?.text ?? "";
    const versionQuery =
      argv.length === 2 && VERSION_FLAGS.has(flag) && (flag.startsWith("--") || !SHELLS.has(name));
    if (!versionQuery && isWrapper(name)) {
      const u = unwrapOnce(name, argv, cwd);
      if (u.kind === "wrapped") {
        for (const word of u.assignments ?? []) {
          const eq = word.text.indexOf("=");
          const value = { text: word.text.slice(eq + 1), literal: word.literal };
          parts.push(...variableParts(word.text.slice(0, eq), value, cwd, env, via));
        }
        via.push(u.via);
        argv = u.argv;
        if ("cwd" in u) cwd = u.cwd;
        continue;
      }
    }
    if (!versionQuery) {
      const origin = shellCode(name, argv, stdin);
      if (origin) return fromOrigin(origin, argv, via, nestedCode(cwd, env));
      const run = interpreterRun(name, argv, stdin);
      if (run) return fromInterpreter(run, argv, cwd, stdin, env, via);
    }
    return classifyArgv(name, argv, cwd, stdin, env, via);
  }
  return [part(argv, "unknown", [formatReason("too many nested wrappers", "nesting-limit")], via)];
}

function classifyArgv(
  name: string,
  argv: readonly Arg[],
  cwd: string | undefined,
  stdin: Stdin | undefined,
  env: Env,
  via: string[],
): CommandPart[] {
  let args = argv.slice(1);
  let runCwd = cwd;
  let git: NormalizedGit | undefined;
  if (name === "git") {
    git = normalizeGit(args, cwd);
    args = git.args;
    runCwd = git.cwd;
  }
  const ctx: RuleContext = {
    name,
    args,
    parsed: parseArgs(args, VALUE_FLAGS[name]),
    cwd: runCwd,
    paths: createPathJudge({ cwd: runCwd, roots: env.roots }),
    stdin,
  };
  if (git?.runsConfig !== undefined) ctx.gitRunsConfig = git.runsConfig;
  if (git?.dirs.length) ctx.gitDirs = git.dirs;
  const verdict = classify(ctx);
  const own = part(argv, verdict.risk, verdict.reasons, via);
  if (runCwd !== undefined) own.cwd = runCwd;
  // The guard's snapshot can only stand for the whole command when everything it writes is git data (`rm`
  // is planned through the trash instead, which takes any mix).
  const gitData = gitDataTargets(ctx);
  if (gitData.length > 0 && (name === "rm" || name === "unlink" || gitDataOnly(ctx))) own.gitData = gitData;
  const parts = [own];
  if (name === "find") {
    for (const inner of findExecs(args))
      parts.push(...analyzeArgv(inner, cwd, undefined, env, [...via, "find -exec"], false));
  }
  for (const run of programsRun(ctx, git)) parts.push(...analyzeRun(run, runCwd, env, via));
  return parts;
}

function nestedCode(cwd: string | undefined, env: Env): NestedCode {
  return {
    analyse: (source, via) => analyzeSource(source, cwd, { ...env, depth: env.depth + 1 }, via).parts,
    canNest: env.depth < MAX_DEPTH,
  };
}

/** Analyses a program a command runs through an option, setting or variable, as a command of its own. */
function analyzeRun(
  run: ProgramRun,
  cwd: string | undefined,
  env: Env,
  via: readonly string[],
): CommandPart[] {
  const by = [...via, run.via];
  if ("argv" in run) return analyzeArgv(run.argv, cwd, undefined, env, by, false);
  return analyzeSource(run.source, cwd, { ...env, depth: env.depth + 1 }, by).parts;
}

/** A variable that chooses a program (`PAGER=…`, `LD_PRELOAD=…`): the program is analysed, or `unknown`. */
function variableParts(
  name: string,
  value: Arg,
  cwd: string | undefined,
  env: Env,
  via: readonly string[],
): CommandPart[] {
  const run = variableProgram(name, value);
  if (!run) return [];
  if ("opaque" in run) {
    const shown = [{ text: `${name}=${value.text}`, literal: true }];
    return [part(shown, "unknown", [formatReason(`${name}: ${run.opaque}`, "env-runs-program")], via)];
  }
  return analyzeRun(run, cwd, env, via);
}

const DJANGO_DESTRUCTIVE = new Set(["flush", "reset_db", "sqlflush", "reset"]);

function fromInterpreter(
  run: InterpreterRun,
  argv: readonly Arg[],
  cwd: string | undefined,
  stdin: Stdin | undefined,
  env: Env,
  via: readonly string[],
): CommandPart[] {
  if (run.kind === "module") return analyzeArgv(run.argv, cwd, stdin, env, [...via, run.via], false);
  if (run.kind === "origin") return fromOrigin(run.origin, argv, via, nestedCode(cwd, env));
  if (run.kind === "script") {
    if (run.file.endsWith("manage.py") && DJANGO_DESTRUCTIVE.has(run.args[0]?.text ?? "")) {
      return [
        part(
          argv,
          "destructive",
          [formatReason("manage.py flush: deletes all database rows", "django-flush")],
          via,
        ),
      ];
    }
    return [
      part(
        argv,
        "unknown",
        [formatReason(`${run.via} ${run.file}: runs a script file, not analysed`, "script-file")],
        via,
      ),
    ];
  }
  const reasons: string[] = [];
  let risk: Risk;
  if (run.dynamic) {
    risk = "unknown";
    reasons.push(formatReason(`${run.via}: inline ${run.lang} code built at run time`, "dynamic-code"));
  } else if ((run.lang === "perl" || run.lang === "ruby") && isPureSubstitution(run.code)) {
    risk = run.inPlace ? "write" : "read-only";
    reasons.push(
      formatReason(
        `${run.via}: a pure s/// substitution${run.inPlace ? " editing files in place" : ""}`,
        "inline-substitution",
      ),
    );
  } else {
    risk = "unknown";
    reasons.push(formatReason(`${run.via}: inline ${run.lang} code`, "inline-code"));
  }
  for (const rule of CODE_RULES) {
    if (!rule.langs.includes(run.lang) || !rule.pattern.test(run.code)) continue;
    risk = worst(risk, rule.risk);
    reasons.push(formatReason(rule.reason, rule.name));
  }
  const parts = [part(argv, risk, reasons, via)];
  for (const line of embeddedCommands(run.lang, run.code)) {
    parts.push(...analyzeSource(line, cwd, { ...env, depth: env.depth + 1 }, [...via, run.via]).parts);
  }
  return parts;
}

/** Synchronous analysis; the bash parser must already be loaded (see `analyzeCommand`). */
export function analyzeLoaded(command: string, options: AnalyzeOptions): CommandAnalysis {
  const env: Env = {
    home: options.home ?? homedir(),
    roots: options.workspaceRoots ?? [options.cwd],
    depth: 0,
  };
  const { parts, parseError } = analyzeSource(command, options.cwd, env, []);
  for (const p of parts) p.rules = [...new Set(p.reasons.map((r) => RULE_NAME.exec(r)?.[1] ?? "unnamed"))];
  let risk: Risk = "read-only";
  for (const p of parts) risk = worst(risk, p.risk);
  const reasons = [
    ...new Set(parts.filter((p) => riskRank(p.risk) === riskRank(risk)).flatMap((p) => p.reasons)),
  ];
  if (parts.length === 0) reasons.push(formatReason("no command", "empty"));
  const analysis: CommandAnalysis = { risk, reasons, commands: parts };
  if (parseError !== undefined) analysis.parseError = parseError;
  return analysis;
}
