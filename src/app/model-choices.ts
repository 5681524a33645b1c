/**
 * The models a user can switch to, for pickers: every catalog model, with whether its provider can be used
 * now (a keyless provider, or its key's env var is set) and, if not, which env var it needs. Key values are
 * never read into the result, only whether they are set.
 */
import { loadConfig } from "./config.ts";
import { createModelRegistry } from "./models.ts";
import { isProjectTrusted, withProjectChoices } from "./project-trust.ts";

export interface ModelChoice {
  /** `provider/model`. */
  id: string;
  contextWindow: number;
  /** False when the provider's API key env var is unset. */
  ready: boolean;
  /** The env var a not-ready model needs, e.g. `OPENAI_API_KEY`. */
  needs?: string;
}

export interface ModelChoicesOptions {
  env: NodeJS.ProcessEnv;
  /** TANDEM_HOME and the project folder, where the config files are. */
  home: string;
  cwd: string;
}

/** Ready models first, each group in catalog order. */
export async function listModelChoices(options: ModelChoicesOptions): Promise<ModelChoice[]> {
  const loaded = await loadConfig({ home: options.home, cwd: options.cwd });
  // A project's own providers are offered only once the user approved its config.
  const trusted = loaded.project && (await isProjectTrusted(options.home, loaded.project));
  const config =
    loaded.project && trusted ? withProjectChoices(loaded.config, loaded.project) : loaded.config;
  const registry = createModelRegistry({
    config,
    env: options.env,
    createClient: () => {
      throw new Error("listing models builds no client");
    },
  });
  // A catalog entry whose provider is not loaded (an unapproved project's) cannot be used.
  const usable = registry.catalog().filter((m) => registry.providers.has(m.provider));
  const choices = usable.map((m): ModelChoice => {
    const keyEnv = registry.providers.get(m.provider)?.apiKeyEnv;
    const ready = !keyEnv || Boolean(options.env[keyEnv]);
    return {
      id: m.id,
      contextWindow: m.contextWindow,
      ready,
      ...(ready || !keyEnv ? {} : { needs: keyEnv }),
    };
  });
  return [...choices.filter((c) => c.ready), ...choices.filter((c) => !c.ready)];
}
