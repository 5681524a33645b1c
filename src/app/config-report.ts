/**
 * The effective configuration for a folder and where each value came from (a flag, an environment variable,
 * the user's or the project's config file, or the default), for `tandem config` and `tandem doctor`. Provider
 * keys are reported as set or not: a key's value never enters the report.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { findInstructionFiles } from "../core/instructions.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import { timeoutDefaults } from "../providers/stream-timeouts.ts";
import type { SandboxMode } from "../sandbox/types.ts";
import { loadConfig, tandemHome } from "./config.ts";
import { configLeaves } from "./config-origins.ts";
import { DEFAULT_PROBE_MS } from "./default-model.ts";
import { createModelRegistry, type ModelRegistry } from "./models.ts";
import { isProjectTrusted, withProjectChoices } from "./project-trust.ts";

export interface ConfigReportOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Session flags given with the command (`--model`, `--mode`, …); they win over everything. Default none. */
  flags?: { model?: string; mode?: PermissionMode; sandbox?: SandboxMode; network?: boolean };
}

export interface ReportedSetting {
  /** Dotted config key, e.g. `compaction.threshold`. */
  key: string;
  value: string;
  /** "--mode flag", "env TANDEM_THEME", "user config /…/config.toml", "project config …", "default". */
  source: string;
}

export interface ReportedFile {
  role: string;
  path: string;
  found: boolean;
}

export interface ReportedKey {
  provider: string;
  /** The environment variable that holds the key. */
  variable: string;
  set: boolean;
}

export interface ConfigReport {
  cwd: string;
  home: { path: string; source: string };
  files: ReportedFile[];
  settings: ReportedSetting[];
  keys: ReportedKey[];
  /** Provider base URLs taken from an environment variable (OPENAI_BASE_URL and the like). */
  endpoints: ReportedSetting[];
  /** Config warnings and what a project's file asks for that is not approved. */
  notes: string[];
  /** The model a session would start with, when it can be told without asking a server. */
  model?: string;
  /** Kept for the doctor: resolves the model and lists providers. */
  registry: ModelRegistry;
}

/** What a setting is when nothing sets it (the defaults the session wiring applies). */
const DEFAULTS: Record<string, string> = {
  mode: "ask in the UI, auto in exec",
  sandbox: "workspace-write (full-access in --mode full)",
  network: "false",
  max_steps: "100",
  reasoning_effort: "the model's own",
  "compaction.threshold": "0.8",
  "compaction.keep_recent_tokens": "20000",
  "retry.max_retries": "4",
  "timeouts.first_byte_seconds": String(timeoutDefaults.firstByteMs / 1000),
  "timeouts.idle_seconds": String(timeoutDefaults.idleMs / 1000),
  "timeouts.probe_seconds": String(DEFAULT_PROBE_MS / 1000),
  theme: "auto",
};

const show = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

export async function describeConfig(options: ConfigReportOptions): Promise<ConfigReport> {
  const { env, cwd } = options;
  const home = tandemHome(env);
  const loaded = await loadConfig({ home, cwd });
  const userPath = join(home, "config.toml");
  const projectPath = loaded.sources.find((s) => s !== userPath);
  const label = (path: string) => (path === userPath ? `user config ${path}` : `project config ${path}`);
  const notes = [...loaded.warnings];

  let config = loaded.config;
  let modelSource: string | undefined = loaded.config.model ? label(userPath) : undefined;
  if (loaded.project) {
    if (await isProjectTrusted(home, loaded.project)) {
      config = withProjectChoices(config, loaded.project);
      if (loaded.project.model) modelSource = `${label(loaded.project.path)} (approved)`;
    } else {
      notes.push(
        `${loaded.project.path} asks for ${loaded.project.model ? `model "${loaded.project.model}"` : "providers of its own"}: not approved, so not used (review it, then tandem trust)`,
      );
    }
  }

  const settings: ReportedSetting[] = [];
  const leaves = configLeaves(config);
  const flags = options.flags ?? {};
  const flagValue = (key: string): unknown => (flags as Record<string, unknown>)[key];
  const keys = new Set([...Object.keys(DEFAULTS), ...leaves.keys()]);
  keys.delete("model");
  for (const key of keys) {
    if (flagValue(key) !== undefined) {
      settings.push({ key, value: show(flagValue(key)), source: `--${key} flag` });
    } else if (key === "theme" && env.TANDEM_THEME) {
      settings.push({ key, value: env.TANDEM_THEME, source: "env TANDEM_THEME" });
    } else if (leaves.has(key)) {
      settings.push({ key, value: show(leaves.get(key)), source: label(loaded.origins[key] ?? userPath) });
    } else {
      settings.push({ key, value: DEFAULTS[key] ?? "", source: "default" });
    }
  }

  const registry = createModelRegistry({
    config,
    env,
    createClient: () => {
      throw new Error("not used for a report");
    },
  });
  const model = pickedModel(flags.model, config.model, modelSource, registry, env);
  settings.unshift({ key: "model", ...model });

  const files: ReportedFile[] = [
    { role: "user config", path: userPath, found: loaded.sources.includes(userPath) },
    {
      role: "project config",
      path: projectPath ?? join(cwd, ".tandem", "config.toml"),
      found: projectPath !== undefined,
    },
    ...[join(home, "rules.toml"), join(cwd, ".tandem", "rules.toml")].map((path, i) => ({
      role: i === 0 ? "user rules" : "project rules",
      path,
      found: existsSync(path),
    })),
    ...(await findInstructionFiles({ cwd, home })).map((path) => ({
      role: "instructions",
      path,
      found: true,
    })),
  ];

  const keyList: ReportedKey[] = [];
  const endpoints: ReportedSetting[] = [];
  for (const p of registry.providers.values()) {
    if (p.apiKeyEnv) keyList.push({ provider: p.id, variable: p.apiKeyEnv, set: Boolean(env[p.apiKeyEnv]) });
    if (p.baseUrlEnv && env[p.baseUrlEnv])
      endpoints.push({ key: `${p.id} base URL`, value: p.baseUrl, source: `env ${p.baseUrlEnv}` });
  }
  return {
    cwd,
    home: { path: home, source: env.TANDEM_HOME ? "env TANDEM_HOME" : "default (~/.tandem)" },
    files,
    settings,
    keys: keyList,
    endpoints,
    notes,
    ...(model.id ? { model: model.id } : {}),
    registry,
  };
}

/** The model a session would pick (as default-model.ts does), short of asking local servers. */
function pickedModel(
  flag: string | undefined,
  configured: string | undefined,
  configSource: string | undefined,
  registry: ModelRegistry,
  env: NodeJS.ProcessEnv,
): { value: string; source: string; id?: string } {
  if (flag) return { value: flag, source: "--model flag", id: flag };
  if (configured) return { value: configured, source: configSource ?? "config", id: configured };
  for (const p of registry.providers.values()) {
    if (p.apiKeyEnv && p.defaultModel && env[p.apiKeyEnv]) {
      const id = `${p.id}/${p.defaultModel}`;
      return { value: id, source: `env ${p.apiKeyEnv} is set (the first vendor key found)`, id };
    }
  }
  return {
    value: "none set: the first local server that answers (Ollama, LM Studio, llama.cpp)",
    source: "default",
  };
}
