/**
 * `tandem doctor [--cwd DIR]`: checks what tandem needs before a first run, each in a line with what to do:
 * Node.js, git, ripgrep (optional), the OS sandbox, the config and rules files, the model and its key (set or
 * not; the value is never printed). Exits 1 when something required is missing or a file does not load.
 */

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { tandemHome } from "../app/config.ts";
import { describeConfig } from "../app/config-report.ts";
import { pickModel } from "../app/default-model.ts";
import { UserError } from "../app/user-error.ts";
import { checkSandboxSupport } from "../sandbox/index.ts";
import { ripgrepAvailable } from "../tools/ripgrep.ts";
import { messageOf } from "../util/message-of.ts";
import { textTable } from "../util/text-table.ts";
import { parseCommandArgs, parseDirectory } from "./parse.ts";

interface Check {
  name: string;
  /** `missing` and `error` (a file that does not load) make the exit code 1; `optional` does not. */
  status: "ok" | "missing" | "error" | "optional";
  detail: string;
}

const MIN_NODE = 22;

function versionOf(program: string): string | undefined {
  const run = spawnSync(program, ["--version"], { encoding: "utf8", timeout: 5_000 });
  return run.status === 0 ? run.stdout.split("\n")[0]?.trim() : undefined;
}

export async function doctorCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("doctor", args, { cwd: { type: "string", short: "C" } });
  if (positionals.length > 0) throw new UserError("doctor takes no arguments");
  const cwd = await parseDirectory("--cwd", values.cwd);
  const checks: Check[] = [];
  const major = Number(process.versions.node.split(".")[0]);
  checks.push({
    name: "node",
    status: major >= MIN_NODE ? "ok" : "missing",
    detail: `v${process.versions.node}${major >= MIN_NODE ? "" : ` (tandem needs ${MIN_NODE} or later)`}`,
  });
  const git = versionOf("git");
  checks.push({
    name: "git",
    status: git ? "ok" : "missing",
    detail: git ?? "not found: checkpoints and undo need git (apt-get install git)",
  });
  checks.push({
    name: "ripgrep",
    status: ripgrepAvailable() ? "ok" : "optional",
    detail: ripgrepAvailable() ? (versionOf("rg") ?? "rg") : "not found: search uses a slower built-in walk",
  });
  checks.push(await sandboxCheck());
  checks.push(await rulesCheck(cwd));
  checks.push(...(await configChecks(cwd)));
  process.stdout.write(`${textTable(checks.map((c) => [c.name, c.status, c.detail])).join("\n")}\n`);
  return checks.some((c) => c.status === "missing" || c.status === "error") ? 1 : 0;
}

async function sandboxCheck(): Promise<Check> {
  if (process.platform === "darwin")
    return { name: "sandbox", status: "ok", detail: "macOS seatbelt (sandbox-exec)" };
  const support = await checkSandboxSupport();
  return support.ok
    ? { name: "sandbox", status: "ok", detail: "bubblewrap runs" }
    : { name: "sandbox", status: "missing", detail: `${support.reason}; ${support.fix}` };
}

/** The permission rules files load (a mistake in one stops every session with exit 2). */
async function rulesCheck(cwd: string): Promise<Check> {
  const files = [join(tandemHome(), "rules.toml"), join(cwd, ".tandem", "rules.toml")].filter(existsSync);
  if (files.length === 0)
    return { name: "rules", status: "ok", detail: "no rules.toml (the modes' defaults)" };
  const { loadRules } = await import("../safety/rules/index.ts");
  try {
    const rules = await loadRules({
      user: join(tandemHome(), "rules.toml"),
      project: join(cwd, ".tandem", "rules.toml"),
    });
    const warned = rules.warnings.length
      ? ` (${rules.warnings.length} warnings: see tandem policy check)`
      : "";
    return { name: "rules", status: "ok", detail: `${files.join(", ")}${warned}` };
  } catch (error) {
    return {
      name: "rules",
      status: "error",
      detail: messageOf(error).split("\n").join(" "),
    };
  }
}

/** The config files parse; the model a session would use, and whether its key is set. */
async function configChecks(cwd: string): Promise<Check[]> {
  let report: Awaited<ReturnType<typeof describeConfig>>;
  try {
    report = await describeConfig({ cwd, env: process.env });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return [{ name: "config", status: "error", detail: error.message.split("\n").join(" ") }];
  }
  const found = report.files.filter((f) => f.found && f.role.endsWith("config")).map((f) => f.path);
  const checks: Check[] = [
    { name: "config", status: "ok", detail: found.length ? found.join(", ") : "no config files (defaults)" },
  ];
  for (const note of report.notes) checks.push({ name: "config", status: "optional", detail: note });
  let model = report.model;
  if (!model) {
    // Nothing configured and no vendor key: a session would ask the local servers, so ask them now.
    model = await pickModel({ registry: report.registry, env: process.env }).then(
      (picked) => picked.id,
      () => undefined,
    );
    if (!model) {
      return [
        ...checks,
        {
          name: "model",
          status: "missing",
          detail:
            "none: set a key (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY), a model in config, or start a local server (tandem config shows what is set)",
        },
      ];
    }
  }
  const provider = report.registry.providers.get(model.slice(0, model.indexOf("/")));
  if (!provider) {
    return [
      ...checks,
      { name: "model", status: "missing", detail: `${model}: no such provider in the config` },
    ];
  }
  checks.push({ name: "model", status: "ok", detail: model });
  if (provider.apiKeyEnv) {
    const set = Boolean(process.env[provider.apiKeyEnv]);
    checks.push({
      name: "key",
      status: set ? "ok" : "missing",
      detail: `${provider.apiKeyEnv} ${set ? "is set" : `is not set: export ${provider.apiKeyEnv}=…`}`,
    });
  }
  return checks;
}
