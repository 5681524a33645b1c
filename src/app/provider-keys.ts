/**
 * The configured provider keys: which environment variables hold them (every provider's `api_key_env`,
 * built-in and from the user's config) and their values, so commands never see them and model-visible text
 * never carries them (docs/config.md, "Keys").
 */
import type { Secret } from "../core/redact.ts";
import { scrubEnv } from "../tools/env-scrub.ts";
import { builtinProviders } from "./catalog-data.ts";
import type { ConfigFile } from "./config-schema.ts";

/** Every key variable a provider names, built-in first, without repeats. */
export function providerKeyNames(config: ConfigFile): string[] {
  const names = new Set<string>();
  for (const p of builtinProviders) if (p.apiKeyEnv) names.add(p.apiKeyEnv);
  for (const p of Object.values(config.providers ?? {})) if (p.api_key_env) names.add(p.api_key_env);
  return [...names];
}

/**
 * The values to redact from model-visible text: the keys set in `env` (each named by the variable that holds
 * it), then every other value the commands' environment withholds (secret-looking names, password URLs), so
 * a file or a pasted line that repeats one is hidden too.
 */
export function secretValues(names: readonly string[], env: NodeJS.ProcessEnv): Secret[] {
  const secrets: Secret[] = [];
  for (const name of names) {
    const value = env[name];
    if (value) secrets.push({ name, value });
  }
  const kept = scrubEnv(env, {}, { keyNames: names });
  for (const [name, value] of Object.entries(env)) {
    if (value && !(name in kept)) secrets.push({ name, value });
  }
  return secrets;
}
