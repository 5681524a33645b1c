/**
 * `tandem policy check [--json] [--cwd DIR] [--mode M] [--sandbox S] [--network] "COMMAND"`: how tandem
 * classifies a shell command and what it would decide in a mode and sandbox (default: the mode's, as a session
 * would run: `full-access` in full mode, else `workspace-write`; network off) under the user's and project's
 * rules, and how to allow it when it would not run. Prints `{ risk, decision, reasons, howToAllow?, commands }`
 * with --json.
 */
import { join } from "node:path";
import { tandemHome } from "../app/config.ts";
import { defaultSandbox } from "../app/mode-switch.ts";
import { UserError } from "../app/user-error.ts";
import { isPermissionMode, PERMISSION_MODES } from "../protocol/permissions.ts";
import { containmentOf, policyCheck } from "../safety/policy.ts";
import { loadRules, RulesError } from "../safety/rules/index.ts";
import { SANDBOX_MODES, type SandboxMode } from "../sandbox/types.ts";
import { snakeKeys } from "../util/snake-keys.ts";
import { parseCommandArgs, parseDirectory } from "./parse.ts";

export async function policyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "check")
    throw new UserError(
      `${sub === undefined ? "policy needs a sub-command" : `unknown policy command "${sub}"`}: tandem policy check "COMMAND". Run tandem policy --help.`,
    );
  const { values, positionals } = parseCommandArgs("policy check", rest, {
    json: { type: "boolean" },
    cwd: { type: "string", short: "C" },
    mode: { type: "string" },
    sandbox: { type: "string" },
    network: { type: "boolean" },
  });
  if (positionals.length !== 1)
    throw new UserError('policy check takes one command in quotes: tandem policy check "rm -rf src"');
  const mode = values.mode ?? "auto";
  if (!isPermissionMode(mode)) throw new UserError(`--mode must be one of ${PERMISSION_MODES.join(", ")}`);
  const sandbox = (values.sandbox ?? defaultSandbox(mode)) as SandboxMode;
  if (!SANDBOX_MODES.includes(sandbox))
    throw new UserError(`--sandbox must be one of ${SANDBOX_MODES.join(", ")}`);
  const cwd = await parseDirectory("--cwd", values.cwd);
  const userRules = join(tandemHome(), "rules.toml");
  let rules: Awaited<ReturnType<typeof loadRules>>;
  try {
    rules = await loadRules({
      user: userRules,
      project: join(cwd, ".tandem", "rules.toml"),
    });
  } catch (error) {
    if (error instanceof RulesError) throw new UserError(error.message);
    throw error;
  }
  for (const w of rules.warnings) process.stderr.write(`warning: ${w}\n`);
  const result = await policyCheck(positionals[0] as string, {
    cwd,
    mode,
    rules,
    containment: containmentOf(sandbox, values.network === true),
    rulesFiles: { user: userRules, project: ".tandem/rules.toml" },
  });
  if (values.json) {
    // snake_case like every key tandem prints (`how_to_allow`, as in the events' `refusal`).
    process.stdout.write(`${JSON.stringify(snakeKeys(result), null, 2)}\n`);
    return 0;
  }
  const where = `${mode} mode, sandbox ${sandbox}${values.network === true ? ", network on" : ""}`;
  process.stdout.write(`risk: ${result.risk}\ndecision (${where}): ${result.decision}\n`);
  for (const r of result.reasons) process.stdout.write(`  - ${r}\n`);
  if (result.howToAllow?.length) {
    process.stdout.write("how to allow it:\n");
    for (const h of result.howToAllow) process.stdout.write(`  - ${h.replaceAll("\n", "\n    ")}\n`);
  }
  for (const c of result.commands) process.stdout.write(`command: ${c.argv.join(" ")} → ${c.risk}\n`);
  return 0;
}
