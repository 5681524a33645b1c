/**
 * Picks a model when none was named: the config's `model`, else the first vendor whose key is in the
 * environment, else the first local OpenAI-compatible server that answers (Ollama, LM Studio, llama.cpp).
 */
import type { ModelRegistry, ResolvedProvider } from "./models.ts";
import { UserError } from "./user-error.ts";

/** A server that is not running refuses at once; one that is answers its model list in milliseconds. */
export const DEFAULT_PROBE_MS = 400;

export interface PickModelOptions {
  registry: ModelRegistry;
  env: NodeJS.ProcessEnv;
  /** From config or `--model`. */
  configured?: string;
  /**
   * How long each local server gets to answer, unless its provider says (`probeMs`: config `probe_seconds`).
   * Default {@link DEFAULT_PROBE_MS}.
   */
  probeTimeoutMs?: number;
  fetch?: typeof fetch;
}

export interface PickedModel {
  id: string;
  /** How it was chosen, for a notice. */
  source: "configured" | "environment" | "local";
}

async function probeLocal(
  provider: ResolvedProvider,
  timeoutMs: number,
  fetchImpl: typeof fetch,
): Promise<string | undefined> {
  try {
    const response = await fetchImpl(`${provider.baseUrl.replace(/\/$/, "")}/models`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { data?: { id?: unknown }[] };
    const id = body.data?.find((m) => typeof m.id === "string")?.id;
    return typeof id === "string" ? `${provider.id}/${id}` : undefined;
  } catch {
    return undefined;
  }
}

export function noModelMessage(localTried: string[]): string {
  return [
    "no model is configured and no local model server answered.",
    "Configure one of:",
    "  - an API key: export OPENAI_API_KEY=…, ANTHROPIC_API_KEY=… or GEMINI_API_KEY=…",
    "  - a model for this run: tandem exec --model provider/model …",
    '  - a default in ~/.tandem/config.toml: model = "anthropic/claude-opus-4-6"',
    `  - a local server: start Ollama, LM Studio or llama.cpp's server (tried ${localTried.join(", ")})`,
    "See docs/config.md.",
  ].join("\n");
}

export async function pickModel(options: PickModelOptions): Promise<PickedModel> {
  if (options.configured) return { id: options.configured, source: "configured" };
  for (const provider of options.registry.providers.values()) {
    if (provider.apiKeyEnv && provider.defaultModel && options.env[provider.apiKeyEnv]) {
      return { id: `${provider.id}/${provider.defaultModel}`, source: "environment" };
    }
  }
  const locals = [...options.registry.providers.values()].filter((p) => p.local);
  const timeout = options.probeTimeoutMs ?? DEFAULT_PROBE_MS;
  const fetchImpl = options.fetch ?? fetch;
  // Probe all at once: start-up time is bounded by one timeout, not their sum.
  const found = await Promise.all(locals.map((p) => probeLocal(p, p.probeMs ?? timeout, fetchImpl)));
  const first = found.find((id) => id !== undefined);
  if (first) return { id: first, source: "local" };
  throw new UserError(noModelMessage(locals.map((p) => p.baseUrl)), "model_not_found");
}
