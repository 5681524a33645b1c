/**
 * The configured provider keys: which environment variables hold them (every provider's `api_key_env`,
 * built-in and from the user's config) and their values, so commands never see them and model-visible text
 * never carries them (docs/config.md, "Keys").
 */
import type { Secret } from "../core/redact.ts";
import { builtinProviders } from "./catalog-data.ts";
import type { ConfigFile } from "./config-schema.ts";

/** Every key variable a provider names, built-in first, without repeats. */
export function providerKeyNames(config: ConfigFile): string[] {
  const names = new Set<string>();
  for (const p of builtinProviders) if (p.apiKeyEnv) names.add(p.apiKeyEnv);
  for (const p of Object.values(config.providers ?? {})) if (p.api_key_env) names.add(p.api_key_env);
  return [...names];
}

/** The keys set in `env`, each with the variable that holds it. */
export function providerKeys(names: readonly string[], env: NodeJS.ProcessEnv): Secret[] {
  const keys: Secret[] = [];
  for (const name of names) {
    const value = env[name];
    if (value) keys.push({ name, value });
  }
  return keys;
}
