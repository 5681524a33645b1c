/**
 * Removes secrets from the environment a model-run command sees, so `env`, `printenv` or a malicious script
 * cannot read the user's API keys. A variable is withheld when its name looks secret (a pattern for the usual
 * suffixes plus an explicit list), when it is one of the configured key variables (every provider's
 * `api_key_env`, whatever its name), when its value equals a configured key's value (a copy under another
 * name), or when it is a connection string carrying a password (any variable whose value is a URL with `user:pw@`: `DATABASE_URL`, `HTTP_PROXY`, …).
 */

/** Names ending like these are dropped (case-insensitive). */
export const SECRET_NAME_PATTERN =
  /(_API_KEY|_APIKEY|_TOKEN|_SECRET|_SECRET_KEY|PASSWORD|PASSWD|_CREDENTIALS?)$/i;

/** Dropped even though the pattern might not catch them (or to be explicit about the ones that matter most). */
export const SECRET_NAMES: readonly string[] = [
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "GEMINI_API_KEY",
  "GOOGLE_API_KEY",
  "OPENROUTER_API_KEY",
  "GROQ_API_KEY",
  "MISTRAL_API_KEY",
  "XAI_API_KEY",
  "DEEPSEEK_API_KEY",
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "GITLAB_TOKEN",
  "NPM_TOKEN",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AZURE_OPENAI_API_KEY",
  "AZURE_CLIENT_SECRET",
  "GOOGLE_APPLICATION_CREDENTIALS",
  "HF_TOKEN",
  "HUGGING_FACE_HUB_TOKEN",
  "SLACK_BOT_TOKEN",
  "TANDEM_API_KEY",
];

const explicit = new Set(SECRET_NAMES.map((n) => n.toUpperCase()));

/** True when a variable of this name is withheld from commands. */
export function isSecretName(name: string): boolean {
  return explicit.has(name.toUpperCase()) || SECRET_NAME_PATTERN.test(name);
}

/** `scheme://user:password@…` with a non-empty password (the user name may be empty, as in `redis://:pw@h`). */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s:]*:[^/?#@\s]+@/i;

/**
 * True for a variable whose value is a URL carrying a password, e.g. `postgres://u:pw@h/db`. Any name counts:
 * `DATABASE_URL`, `SENTRY_DSN`, but also `HTTP_PROXY`, `PIP_INDEX_URL`'s cousins and names we cannot foresee;
 * the value's shape, not the name, is what makes it a credential. `name` is kept for callers that log it.
 */
export function isConnectionSecret(_name: string, value: string): boolean {
  return URL_WITH_PASSWORD.test(value.trim());
}

export interface ScrubEnvOptions {
  /**
   * The configured key variables (each provider's `api_key_env`, built-in and user-defined): withheld whatever
   * their name, and so is every other variable holding one of their values. Default none.
   */
  keyNames?: readonly string[];
}

/**
 * A copy of `base` without secret variables, then `overrides` applied on top. Overrides are trusted (they come
 * from the user's config, not the model), so a secret the user deliberately passes through `overrides` is kept;
 * an override set to `undefined` removes the variable.
 */
export function scrubEnv(
  base: NodeJS.ProcessEnv,
  overrides: Record<string, string | undefined> = {},
  options: ScrubEnvOptions = {},
): Record<string, string> {
  const keyNames = new Set(options.keyNames ?? []);
  const keyValues = new Set<string>();
  for (const name of keyNames) {
    const value = base[name];
    if (value) keyValues.add(value);
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || keyNames.has(name) || keyValues.has(value)) continue;
    if (isSecretName(name) || isConnectionSecret(name, value)) continue;
    out[name] = value;
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[name];
    else out[name] = value;
  }
  return out;
}
