/**
 * `tandem config [--json] [--cwd DIR] [session flags]`: the effective configuration for a folder, where each
 * value came from, and which provider keys are set (never their values).
 */
import { type ConfigReport, describeConfig } from "../app/config-report.ts";
import { UserError } from "../app/user-error.ts";
import { textTable } from "../util/text-table.ts";
import { parseCommandArgs } from "./parse.ts";
import { sessionChoice, sessionFlags } from "./session-flags.ts";

export async function configCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("config", args, {
    ...sessionFlags,
    json: { type: "boolean" },
  });
  if (positionals.length > 0)
    throw new UserError("config takes no arguments; edit the files it lists (docs/config.md)");
  const choice = await sessionChoice(values);
  const report = await describeConfig({
    cwd: choice.cwd ?? process.cwd(),
    env: process.env,
    flags: choice,
  });
  if (values.json) {
    const { registry: _, ...data } = report;
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${reportLines(report).join("\n")}\n`);
  return 0;
}

export function reportLines(report: ConfigReport): string[] {
  const lines = [`tandem configuration for ${report.cwd}`, ""];
  lines.push(`TANDEM_HOME ${report.home.path} (${report.home.source})`, "", "files:");
  lines.push(...textTable(report.files.map((f) => [f.role, f.path, f.found ? "found" : "not found"])));
  lines.push("", "settings (value, then where it came from):");
  lines.push(...textTable(report.settings.map((s) => [s.key, s.value, s.source])));
  if (report.endpoints.length) {
    lines.push("", "endpoints from the environment:");
    lines.push(...textTable(report.endpoints.map((s) => [s.key, s.value, s.source])));
  }
  lines.push("", "provider keys (whether the variable is set; values are never shown):");
  lines.push(...textTable(report.keys.map((k) => [k.provider, k.variable, k.set ? "set" : "not set"])));
  if (report.notes.length) lines.push("", "notes:", ...report.notes.map((n) => `  - ${n}`));
  return lines;
}
