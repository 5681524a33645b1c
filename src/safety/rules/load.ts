/**
 * Loads permission rules from TOML:
 *
 * ```toml
 * [[rules]]
 * tool = "shell"            # or "*", "write", "edit", …  (default "*")
 * command = "npm test*"     # glob on the normalized command; or `pattern` for paths
 * action = "allow"          # allow | ask | deny
 * examples = ["npm test", "npm test -- --run"]
 * ```
 *
 * A missing file means no rules. Malformed TOML, an unknown field or an example that does not match its
 * rule is an error naming the file and the rule's position; nothing is loaded then (fail closed: fix the
 * file). Project rules that would loosen the user's rules or a destructive/unknown default produce a warning
 * here and are ignored when deciding (see match.ts).
 */

import { readFile } from "node:fs/promises";
import { parse, TomlError } from "smol-toml";
import { messageOf } from "../../util/message-of.ts";
import { z } from "../../util/zod.ts";
import { analyzeCommand } from "../analysis/index.ts";
import { globMatch } from "./glob.ts";
import { evaluateRules } from "./match.ts";
import type { PermissionRule, RuleSet, RuleSource } from "./types.ts";

/** A rules file that cannot be used; `index` is the 1-based `[[rules]]` position when one rule is at fault. */
export class RulesError extends Error {
  readonly file: string;
  readonly index: number | undefined;
  constructor(message: string, file: string, index?: number) {
    super(message);
    this.name = "RulesError";
    this.file = file;
    this.index = index;
  }
}

export interface LoadRulesOptions {
  /** The user's rules file (e.g. ~/.config/tandem/rules.toml). Missing file: no user rules. */
  user?: string;
  /** The project's rules file (e.g. .tandem/rules.toml). Missing file: no project rules. */
  project?: string;
}

const RuleSchema = z
  .strictObject({
    tool: z._default(z.string().check(z.minLength(1)), "*"),
    command: z.optional(z.string().check(z.minLength(1))),
    pattern: z.optional(z.string().check(z.minLength(1))),
    action: z.enum(["allow", "ask", "deny"]),
    examples: z._default(z.array(z.string()), []),
  })
  .check(
    z.refine((r) => r.command === undefined || r.pattern === undefined, {
      message: "give either `command` or `pattern`, not both",
    }),
  );

const FileSchema = z.looseObject({ rules: z._default(z.array(z.unknown()), []) });

/** Normalized commands of `command`: each simple command with its wrappers stripped. */
export async function normalizedCommands(command: string): Promise<{ texts: string[]; risk: string }> {
  const analysis = await analyzeCommand(command, { cwd: "/workspace" });
  return { texts: analysis.commands.map((c) => c.argv.join(" ")), risk: analysis.risk };
}

async function readRules(file: string, source: RuleSource): Promise<PermissionRule[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new RulesError(`${file}: cannot read rules file: ${messageOf(error)}`, file);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : "";
    const what = messageOf(error).split("\n")[0];
    throw new RulesError(
      `${file}: malformed TOML${where}: ${what}. No rules were loaded; fix the file.`,
      file,
    );
  }
  const top = z.safeParse(FileSchema, data);
  if (!top.success) throw new RulesError(`${file}: \`rules\` must be an array of [[rules]] tables.`, file);
  const rules: PermissionRule[] = [];
  for (const [i, raw] of top.data.rules.entries()) {
    const index = i + 1;
    const parsed = z.safeParse(RuleSchema, raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.length ? `\`${issue.path.join(".")}\`: ` : "";
      throw new RulesError(
        `${file}: [[rules]] #${index}: ${path}${issue?.message ?? "invalid rule"}. No rules were loaded; fix the file.`,
        file,
        index,
      );
    }
    const r = parsed.data;
    const rule: PermissionRule = {
      tool: r.tool,
      action: r.action,
      examples: r.examples,
      source,
      file,
      index,
    };
    if (r.command !== undefined) rule.command = r.command;
    if (r.pattern !== undefined) rule.pattern = r.pattern;
    await checkExamples(rule);
    rules.push(rule);
  }
  return rules;
}

async function checkExamples(rule: PermissionRule): Promise<void> {
  for (const example of rule.examples) {
    if (rule.command !== undefined) {
      const { texts } = await normalizedCommands(example);
      const command = rule.command;
      if (texts.length === 0 || !texts.every((t) => globMatch(command, t, "command"))) {
        throw new RulesError(
          `${rule.file}: [[rules]] #${rule.index}: example "${example}" does not match command "${command}" (normalized: ${texts.map((t) => `"${t}"`).join(", ") || "nothing"}). No rules were loaded; fix the rule or its example.`,
          rule.file,
          rule.index,
        );
      }
    } else if (rule.pattern !== undefined && !globMatch(rule.pattern, example, "path")) {
      throw new RulesError(
        `${rule.file}: [[rules]] #${rule.index}: example "${example}" does not match pattern "${rule.pattern}". No rules were loaded; fix the rule or its example.`,
        rule.file,
        rule.index,
      );
    }
  }
}

/** Warns about project `allow` rules that cannot take effect for their own examples. */
async function tighteningWarnings(set: RuleSet): Promise<string[]> {
  const warnings: string[] = [];
  for (const rule of set.rules) {
    if (rule.source !== "project" || rule.action !== "allow") continue;
    for (const example of rule.examples) {
      const tool = rule.tool === "*" ? "shell" : rule.tool;
      const { texts, risk } =
        rule.command !== undefined ? await normalizedCommands(example) : { texts: [], risk: "" };
      const queries =
        rule.command !== undefined ? texts.map((command) => ({ tool, command })) : [{ tool, path: example }];
      for (const query of queries) {
        const verdict = evaluateRules(
          set,
          query,
          risk === "destructive" || risk === "unknown" ? risk : undefined,
        );
        if (verdict.ignored?.rule === rule) {
          warnings.push(
            `${rule.file}: [[rules]] #${rule.index} (allow) is ignored for "${example}": ${verdict.ignored.why}.`,
          );
          break;
        }
      }
    }
  }
  return warnings;
}

export async function loadRules(options: LoadRulesOptions): Promise<RuleSet> {
  const user = options.user ? await readRules(options.user, "user") : [];
  const project = options.project ? await readRules(options.project, "project") : [];
  const set: RuleSet = { rules: [...user, ...project], warnings: [] };
  set.warnings = await tighteningWarnings(set);
  return set;
}
