/**
 * Loads and merges the user's config (`TANDEM_HOME/config.toml`) and the project's (`.tandem/config.toml` in the
 * working directory or the nearest parent up to the repository root). A cloned repository must not be able to
 * send the user's conversation or keys to a server of its choosing: its file may never redefine a built-in or
 * user provider nor add one with a key, and the model or keyless providers it asks for are kept apart
 * (`project`) until the user approves them (project-trust.ts).
 */

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "smol-toml";
import { PERMISSION_MODES } from "../protocol/permissions.ts";
import { exists } from "../util/exists.ts";
import { messageOf } from "../util/message-of.ts";
import { z } from "../util/zod.ts";
import { builtinProviders } from "./catalog-data.ts";
import { settingOrigins } from "./config-origins.ts";
import { type ConfigFile, configSchema, type ProviderConfig } from "./config-schema.ts";
import { UserError } from "./user-error.ts";

export interface LoadedConfig {
  config: ConfigFile;
  /** Files that were read, user first. */
  sources: string[];
  /**
   * For each setting in `config` (dotted path, e.g. `compaction.threshold`; providers and models not
   * included), the file it came from, for `tandem config`.
   */
  origins: Record<string, string>;
  /** One line each, for the user (e.g. an ignored project provider). */
  warnings: string[];
  /**
   * What the project's file asks for that needs the user's consent: a model other than the user's, keyless
   * providers of its own. Not part of `config`; absent when it asks for neither.
   */
  project?: ProjectChoices;
}

/** A project config's choice of model and providers, with what identifies the file for consent. */
export interface ProjectChoices {
  /** The project's `.tandem/config.toml`. */
  path: string;
  /** The folder holding `.tandem/`: the repository the consent is remembered for. */
  root: string;
  /** sha256 (hex) of the file's bytes: a changed file needs consent again. */
  sha256: string;
  /** `provider/model`, when it differs from the user's own `model`. */
  model?: string;
  /** Providers the project adds (new names, no key). */
  providers: Record<string, ProviderConfig>;
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

/**
 * The folder saved sessions live in (`TANDEM_HOME/sessions`), for every reader and writer: the session a front
 * end starts, `--resume`, `tandem sessions`, the UI's picker. (The sandbox hides it by name: TANDEM_SECRET_FILES.)
 */
export function sessionsDirOf(env: NodeJS.ProcessEnv = process.env): string {
  return join(tandemHome(env), "sessions");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.join(".") : "(top level)";
  return `${path}: ${issue.message}`;
}

interface ConfigText {
  config: ConfigFile;
  /** The file's bytes, hashed only for a project file's consent (node:crypto stays unloaded otherwise). */
  bytes: Buffer;
}

async function readConfigFile(path: string): Promise<ConfigText | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UserError(`cannot read config ${path}: ${messageOf(error)}`);
  }
  const text = bytes.toString("utf8");
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const detail = messageOf(error).split("\n")[0];
    throw new UserError(
      `config ${path} is not valid TOML: ${detail}\nNothing was changed; fix the file and retry.`,
    );
  }
  // Parsed once or twice a run: classic zod compiled a fast path (`new Function`) for each object schema on its
  // first parse, ~40 ms of start-up for a parse that takes ~3 ms without it. zod/mini's objects have none today;
  // `jitless` keeps it that way should a zod update give them one.
  const result = z.safeParse(configSchema, data, { jitless: true });
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${describeIssue(i)}`).join("\n");
    throw new UserError(`config ${path} has errors:\n${lines}\nSee docs/config.md for the format.`);
  }
  return { config: result.data, bytes };
}

/** The nearest `.tandem/config.toml` from cwd upwards, stopping at the repository root (a `.git` entry). */
async function findProjectConfig(cwd: string, home: string): Promise<string | undefined> {
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
  const user = (await readConfigFile(userPath))?.config;
  if (user) sources.push(userPath);
  const projectPath = await findProjectConfig(options.cwd, options.home);
  const projectFile = projectPath ? await readConfigFile(projectPath) : undefined;
  if (!projectPath || !projectFile)
    return { config: { ...user }, sources, warnings, origins: settingOrigins(user, userPath) };
  sources.push(projectPath);

  const merged: ConfigFile = { ...user };
  const { providers, models, compaction, retry, timeouts, mode, sandbox, network, model, ...scalars } =
    projectFile.config;
  Object.assign(merged, scalars);
  tightenSafety(merged, { mode, sandbox, network }, projectPath, warnings);
  if (compaction) merged.compaction = { ...merged.compaction, ...compaction };
  if (retry) merged.retry = { ...merged.retry, ...retry };
  if (timeouts) merged.timeouts = { ...merged.timeouts, ...timeouts };
  if (models) merged.models = [...(merged.models ?? []), ...models];

  const choices: ProjectChoices = {
    path: projectPath,
    root: dirname(dirname(projectPath)),
    sha256: createHash("sha256").update(projectFile.bytes).digest("hex"),
    providers: {},
  };
  if (model && model !== user?.model) choices.model = model;
  const builtin = new Set(builtinProviders.map((p) => p.id));
  for (const [id, provider] of Object.entries(providers ?? {})) {
    const refused = builtin.has(id)
      ? "may not redefine a built-in provider"
      : user?.providers?.[id]
        ? `may not redefine your provider from ${userPath}`
        : provider.api_key_env
          ? `may not add a provider with a key (api_key_env); define it in ${userPath}`
          : undefined;
    if (refused) {
      warnings.push(`ignored provider "${id}" from ${projectPath}: a project config ${refused}`);
      continue;
    }
    choices.providers[id] = provider;
  }
  const asks = choices.model !== undefined || Object.keys(choices.providers).length > 0;
  const origins = settingOrigins(merged, userPath, projectFile.config, projectPath);
  return { config: merged, sources, warnings, origins, ...(asks ? { project: choices } : {}) };
}

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
    const current = PERMISSION_MODES.indexOf(merged.mode ?? "auto");
    if (PERMISSION_MODES.indexOf(project.mode) <= current) merged.mode = project.mode;
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
