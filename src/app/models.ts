/**
 * Resolves `provider/model` names to a catalog entry and a provider client. Providers come from the built-in
 * list, overridden or extended by config; models from the built-in catalog plus config entries. An unknown
 * model on a known provider still works, with conservative limits and a warning.
 */

import type {
  ModelEntry,
  ModelQuirks,
  ProviderClient,
  ProviderEntry,
  StreamTimeouts,
} from "../providers/types.ts";
import { builtinModels, builtinProviders, unknownModelDefaults } from "./catalog-data.ts";
import type { ConfigFile } from "./config-schema.ts";
import { streamTimeouts } from "./timeouts-config.ts";

type ModelConfig = NonNullable<ConfigFile["models"]>[number];

export interface ResolvedProvider extends ProviderEntry {
  /** Standard env var that overrides the base URL (e.g. OPENAI_BASE_URL). */
  baseUrlEnv?: string;
  /** Model used when only this provider is configured. */
  defaultModel?: string;
  /** True for keyless servers on this machine, probed when nothing is configured. */
  local: boolean;
  /** `[providers.x.timeouts]` as milliseconds; unset keys fall back to `[timeouts]`, then the defaults. */
  timeouts?: StreamTimeouts;
  /**
   * How long this local server gets to answer when probed, in milliseconds: `probe_seconds` of
   * `[providers.x.timeouts]`, else of `[timeouts]`; absent: the prober's default (default-model.ts).
   */
  probeMs?: number;
}

export interface ModelRegistryOptions {
  config: ConfigFile;
  env: NodeJS.ProcessEnv;
  /** Builds a client for a provider; injected so this module stays free of wire code. */
  createClient(provider: ResolvedProvider, apiKey: string | undefined): ProviderClient;
}

export type Resolution =
  | { model: ModelEntry; provider: ResolvedProvider; client: ProviderClient; warning?: string }
  | { error: string; code: "auth" | "model_not_found" };

export interface ModelRegistry {
  providers: ReadonlyMap<string, ResolvedProvider>;
  /** Every model the catalog knows, for listings. */
  catalog(): ModelEntry[];
  resolve(id: string): Resolution;
}

function splitId(id: string): { provider: string; model: string } | undefined {
  const slash = id.indexOf("/");
  if (slash <= 0 || slash === id.length - 1) return undefined;
  return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
}

function isLocalUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "localhost" || host === "127.0.0.1" || host === "::1" || host === "[::1]";
  } catch {
    return false;
  }
}

/** Wire quirks a `[[models]]` entry sets; none set gives no `quirks` key (the protocol defaults). */
function modelQuirks(m: ModelConfig): { quirks?: ModelQuirks } {
  const quirks: ModelQuirks = {};
  if (m.replay_reasoning) quirks.replayReasoning = m.replay_reasoning;
  if (m.anthropic_thinking) quirks.anthropicThinking = m.anthropic_thinking;
  if (m.gemini_thinking_levels) quirks.geminiThinkingLevels = m.gemini_thinking_levels;
  return Object.keys(quirks).length > 0 ? { quirks } : {};
}

export function createModelRegistry(options: ModelRegistryOptions): ModelRegistry {
  const { config, env } = options;
  const providers = new Map<string, ResolvedProvider>();
  for (const p of builtinProviders) {
    const baseUrl = (p.baseUrlEnv && env[p.baseUrlEnv]) || p.baseUrl;
    providers.set(p.id, { ...p, baseUrl, local: !p.apiKeyEnv && isLocalUrl(baseUrl) });
  }
  for (const [id, p] of Object.entries(config.providers ?? {})) {
    const base = providers.get(id);
    providers.set(id, {
      ...base,
      id,
      protocol: p.protocol,
      baseUrl: p.base_url,
      apiKeyEnv: p.api_key_env,
      headers: p.headers,
      ...(p.timeouts ? { timeouts: streamTimeouts(p) } : {}),
      local: !p.api_key_env && isLocalUrl(p.base_url),
    });
  }
  // The probe's wait: a provider's own `probe_seconds`, else `[timeouts]`'s (a built-in local server too).
  for (const [id, p] of providers) {
    const seconds = config.providers?.[id]?.timeouts?.probe_seconds ?? config.timeouts?.probe_seconds;
    if (seconds !== undefined) providers.set(id, { ...p, probeMs: Math.round(seconds * 1000) });
  }

  const models = new Map<string, ModelEntry>();
  for (const [id, m] of Object.entries(builtinModels)) {
    const parts = splitId(id);
    if (parts) models.set(id, { id, ...parts, ...m });
  }
  for (const m of config.models ?? []) {
    const parts = splitId(m.id);
    if (!parts) continue;
    models.set(m.id, {
      id: m.id,
      ...parts,
      contextWindow: m.context_window,
      maxOutput: m.max_output,
      prices: m.prices && {
        input: m.prices.input,
        output: m.prices.output,
        cacheRead: m.prices.cache_read,
        cacheWrite: m.prices.cache_write,
      },
      capabilities: { tools: m.tools, reasoning: m.reasoning, images: m.images, editFormat: m.edit_format },
      ...modelQuirks(m),
    });
  }

  const clients = new Map<string, ProviderClient>();

  return {
    providers,
    catalog: () => [...models.values()],
    resolve(id) {
      const parts = splitId(id);
      if (!parts)
        return {
          error: `model "${id}" must be written provider/model, e.g. openai/gpt-5.3-codex`,
          code: "model_not_found",
        };
      const provider = providers.get(parts.provider);
      if (!provider) {
        const known = [...providers.keys()].join(", ");
        return {
          error: `unknown provider "${parts.provider}" in "${id}". Known providers: ${known}. Add others under [providers.NAME] in config.toml.`,
          code: "model_not_found",
        };
      }
      const apiKey = provider.apiKeyEnv ? env[provider.apiKeyEnv] : undefined;
      if (provider.apiKeyEnv && !apiKey) {
        return {
          error: `${provider.apiKeyEnv} is not set: it holds the API key for provider "${provider.id}".`,
          code: "auth",
        };
      }
      let model = models.get(id);
      let warning: string | undefined;
      if (!model) {
        model = { id, ...parts, ...unknownModelDefaults, unknown: true };
        warning = `model "${id}" is not in the catalog: assuming a ${unknownModelDefaults.contextWindow}-token context window and no reasoning; add it under [[models]] in config.toml to set its limits.`;
      }
      let client = clients.get(provider.id);
      if (!client) {
        client = options.createClient(provider, apiKey);
        clients.set(provider.id, client);
      }
      if (provider.quirks) model = { ...model, quirks: { ...provider.quirks, ...model.quirks } };
      return { model, provider, client, warning };
    },
  };
}
