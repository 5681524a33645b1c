/**
 * `tandem policy check [--json] [--cwd DIR] [--mode M] "COMMAND"`: how tandem classifies a shell command and
 * what it would decide in a mode under the user's and project's rules. Prints `{ risk, decision, reasons,
 * commands }` with --json.
 */
import { join, resolve } from "node:path";
import { tandemHome } from "../app/config.ts";
import { UserError } from "../app/user-error.ts";
import { type Mode, policyCheck } from "../safety/policy.ts";
import { loadRules, RulesError } from "../safety/rules/index.ts";
import { parseCommandArgs } from "./parse.ts";

const MODES: readonly Mode[] = ["ask", "auto", "full"];

export async function policyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "check")
    throw new UserError('usage: tandem policy check [--json] [--cwd DIR] [--mode M] "COMMAND"');
  const { values, positionals } = parseCommandArgs("policy check", rest, {
    json: { type: "boolean" },
    cwd: { type: "string", short: "C" },
    mode: { type: "string" },
  });
  if (positionals.length !== 1)
    throw new UserError('policy check takes one command in quotes: tandem policy check "rm -rf src"');
  const mode = (values.mode ?? "auto") as Mode;
  if (!MODES.includes(mode)) throw new UserError(`--mode must be one of ${MODES.join(", ")}`);
  const cwd = resolve(values.cwd ?? ".");
  let rules: Awaited<ReturnType<typeof loadRules>>;
  try {
    rules = await loadRules({
      user: join(tandemHome(), "rules.toml"),
      project: join(cwd, ".tandem", "rules.toml"),
    });
  } catch (error) {
    if (error instanceof RulesError) throw new UserError(error.message);
    throw error;
  }
  for (const w of rules.warnings) process.stderr.write(`warning: ${w}\n`);
  const result = await policyCheck(positionals[0] as string, { cwd, mode, rules });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`risk: ${result.risk}\ndecision (${mode} mode): ${result.decision}\n`);
  for (const r of result.reasons) process.stdout.write(`  - ${r}\n`);
  for (const c of result.commands) process.stdout.write(`command: ${c.argv.join(" ")} → ${c.risk}\n`);
  return 0;
}
