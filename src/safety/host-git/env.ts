/** The environment of every git tandem runs on the host. */
import { ALLOWED_PROTOCOLS } from "./program-keys.ts";

/**
 * Variables that would redirect git to another repository, index or object store, inject config, or change its
 * output. They are dropped so an ambient `GIT_DIR` (e.g. tandem started from a git hook) never leaks into our calls.
 */
const DROPPED_ENV = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_NAMESPACE",
  "GIT_COMMON_DIR",
  "GIT_CEILING_DIRECTORIES",
  "GIT_DISCOVERY_ACROSS_FILESYSTEM",
  "GIT_PREFIX",
  "GIT_EXTERNAL_DIFF",
  "GIT_DIFF_OPTS",
  "GIT_PAGER",
  "GIT_EDITOR",
  "GIT_SEQUENCE_EDITOR",
  "GIT_TRACE",
  "GIT_CONFIG",
  "GIT_CONFIG_PARAMETERS",
  "GIT_CONFIG_COUNT",
  "GIT_LITERAL_PATHSPECS",
  "GIT_GLOB_PATHSPECS",
  "GIT_NOGLOB_PATHSPECS",
  "GIT_ICASE_PATHSPECS",
];

/**
 * Process environment minus redirecting GIT_* variables, plus safe defaults: no prompts, C locale, no pager, no
 * editor (env beats `core.editor`/`sequence.editor`), only plain transports (env beats any `protocol.*` config).
 * The user's own `GIT_ALLOW_PROTOCOL`, `GIT_SSH_COMMAND`, `GIT_ASKPASS` are theirs and kept.
 */
export function sanitizedGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of DROPPED_ENV) delete env[key];
  for (const key of Object.keys(env))
    if (key.startsWith("GIT_CONFIG_KEY_") || key.startsWith("GIT_CONFIG_VALUE_")) delete env[key];
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_OPTIONAL_LOCKS = "0";
  env.GIT_PAGER = "cat";
  env.PAGER = "cat";
  env.GIT_EDITOR = ":";
  env.GIT_SEQUENCE_EDITOR = ":";
  env.GIT_ALLOW_PROTOCOL ??= ALLOWED_PROTOCOLS;
  env.LC_ALL = "C";
  env.LANGUAGE = "C";
  return { ...env, ...extra };
}
