/**
 * Removes secrets from the environment a model-run command sees, so `env`, `printenv` or a malicious script
 * cannot read the user's API keys. Matching is by name: a pattern for the usual suffixes plus an explicit
 * list for names the pattern misses.
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

/**
 * A copy of `base` without secret variables, then `overrides` applied on top. Overrides are trusted (they come
 * from the user's config, not the model), so a secret the user deliberately passes through `overrides` is kept;
 * an override set to `undefined` removes the variable.
 */
export function scrubEnv(
  base: NodeJS.ProcessEnv,
  overrides: Record<string, string | undefined> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !isSecretName(name)) out[name] = value;
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[name];
    else out[name] = value;
  }
  return out;
}
