/**
 * Loads and merges the user's config (`TANDEM_HOME/config.toml`) and the project's (`.tandem/config.toml` in the
 * working directory or the nearest parent up to the repository root). The project's file can choose models
 * and limits but cannot add providers that send a key somewhere: a cloned repository must not be able to
 * redirect the user's API key to another server.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "smol-toml";
import type { z } from "zod";
import { type ConfigFile, configSchema } from "./config-schema.ts";
import { UserError } from "./user-error.ts";

export interface LoadedConfig {
  config: ConfigFile;
  /** Files that were read, user first. */
  sources: string[];
  /** One line each, for the user (e.g. an ignored project provider). */
  warnings: string[];
}

export interface LoadConfigOptions {
  /** TANDEM_HOME. */
  home: string;
  cwd: string;
}

/** `TANDEM_HOME`, defaulting to `~/.tandem`. */
export function tandemHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.TANDEM_HOME || join(homedir(), ".tandem");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.join(".") : "(top level)";
  return `${path}: ${issue.message}`;
}

async function readConfigFile(path: string): Promise<ConfigFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UserError(`cannot read config ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const detail = (error as Error).message.split("\n")[0];
    throw new UserError(
      `config ${path} is not valid TOML: ${detail}\nNothing was changed; fix the file and retry.`,
    );
  }
  const result = configSchema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${describeIssue(i)}`).join("\n");
    throw new UserError(`config ${path} has errors:\n${lines}\nSee docs/config.md for the format.`);
  }
  return result.data;
}

/** The nearest `.tandem/config.toml` from cwd upwards, stopping at the repository root (a `.git` entry). */
async function findProjectConfig(cwd: string, home: string): Promise<string | undefined> {
  const { stat } = await import("node:fs/promises");
  const exists = (p: string) =>
    stat(p).then(
      () => true,
      () => false,
    );
  let dir = cwd;
  for (;;) {
    const candidate = join(dir, ".tandem", "config.toml");
    // TANDEM_HOME itself may be `~/.tandem`; don't read the user's file twice as a project file.
    if (join(dir, ".tandem") !== home && (await exists(candidate))) return candidate;
    if (await exists(join(dir, ".git"))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const sources: string[] = [];
  const warnings: string[] = [];
  const userPath = join(options.home, "config.toml");
  const user = await readConfigFile(userPath);
  if (user) sources.push(userPath);
  const projectPath = await findProjectConfig(options.cwd, options.home);
  const project = projectPath ? await readConfigFile(projectPath) : undefined;
  if (projectPath && project) sources.push(projectPath);

  const merged: ConfigFile = { ...user };
  if (project) {
    const { providers, models, compaction, retry, mode, sandbox, network, ...scalars } = project;
    Object.assign(merged, scalars);
    tightenSafety(merged, { mode, sandbox, network }, projectPath as string, warnings);
    if (compaction) merged.compaction = { ...merged.compaction, ...compaction };
    if (retry) merged.retry = { ...merged.retry, ...retry };
    if (models) merged.models = [...(merged.models ?? []), ...models];
    for (const [id, provider] of Object.entries(providers ?? {})) {
      if (provider.api_key_env || merged.providers?.[id]) {
        warnings.push(
          `ignored provider "${id}" from ${projectPath}: a project config may only add keyless providers; define it in ${userPath}`,
        );
        continue;
      }
      merged.providers = { ...merged.providers, [id]: provider };
    }
  }
  return { config: merged, sources, warnings };
}

const MODE_ORDER = ["ask", "auto", "full"] as const;
const SANDBOX_ORDER = ["read-only", "workspace-write", "full-access"] as const;

/**
 * A cloned repository must not be able to loosen the user's safety settings: a project's `mode`, `sandbox` and
 * `network` apply only when they are at least as strict as the user's (or the default), else they are ignored
 * with a warning.
 */
function tightenSafety(
  merged: ConfigFile,
  project: Pick<ConfigFile, "mode" | "sandbox" | "network">,
  projectPath: string,
  warnings: string[],
): void {
  const ignored = (key: string, value: unknown) =>
    warnings.push(
      `ignored ${key} = ${JSON.stringify(value)} from ${projectPath}: a project config may tighten safety settings, never loosen them`,
    );
  if (project.mode) {
    const current = MODE_ORDER.indexOf(merged.mode ?? "auto");
    if (MODE_ORDER.indexOf(project.mode) <= current) merged.mode = project.mode;
    else ignored("mode", project.mode);
  }
  if (project.sandbox) {
    const current = SANDBOX_ORDER.indexOf(merged.sandbox ?? "workspace-write");
    if (SANDBOX_ORDER.indexOf(project.sandbox) <= current) merged.sandbox = project.sandbox;
    else ignored("sandbox", project.sandbox);
  }
  if (project.network !== undefined) {
    if (!project.network) merged.network = false;
    else if (!merged.network) ignored("network", true);
  }
}
