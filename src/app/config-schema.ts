/**
 * The config file format (`TANDEM_HOME/config.toml` and a project's `.tandem/config.toml`), validated with zod
 * so a mistake names the file and the field. See docs/config.md.
 */

import { PERMISSION_MODES } from "../protocol/permissions.ts";
import { z } from "../util/zod.ts";

const protocol = z.enum(["openai-responses", "openai-chat", "anthropic-messages", "google-gemini"]);

/** Waits on a silent server, per attempt, in seconds (fractions allowed); `[timeouts]` and a provider's own. */
const timeoutsSchema = z.strictObject({
  /** From the request to the first byte of the answer. Default 90. */
  first_byte_seconds: z.optional(z.number().check(z.positive(), z.lte(300))),
  /** Between two pieces of a streaming answer. Default 300. */
  idle_seconds: z.optional(z.number().check(z.positive(), z.lte(300))),
  /**
   * How long a local server (Ollama, LM Studio, llama.cpp) gets to list its models when no model is configured
   * and tandem looks for one (default-model.ts). Default 0.4: a server that is not running refuses at once.
   */
  probe_seconds: z.optional(z.number().check(z.positive(), z.lte(300))),
});

export const providerConfigSchema = z.strictObject({
  protocol,
  base_url: z.url(),
  /** Name of the environment variable holding the key. Keys themselves never go in config files. */
  api_key_env: z.optional(
    z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")),
  ),
  headers: z.optional(z.record(z.string(), z.string())),
  /** This provider's own waits (a slow local server, a fast hosted one); its keys win over `[timeouts]`. */
  timeouts: z.optional(timeoutsSchema),
});

export const modelConfigSchema = z.strictObject({
  /** `provider/model`. */
  id: z.string().check(z.regex(/^[^/\s]+\/\S+$/, "must look like provider/model")),
  context_window: z.int().check(z.positive()),
  max_output: z.int().check(z.positive()),
  prices: z.optional(
    z.strictObject({
      input: z.number().check(z.nonnegative()),
      output: z.number().check(z.nonnegative()),
      cache_read: z.optional(z.number().check(z.nonnegative())),
      cache_write: z.optional(z.number().check(z.nonnegative())),
    }),
  ),
  tools: z._default(z.boolean(), true),
  reasoning: z._default(z.boolean(), false),
  images: z._default(z.boolean(), false),
  edit_format: z._default(z.enum(["apply_patch", "edit"]), "edit"),
  /** openai-chat: send reasoning back as `reasoning_content` (DeepSeek thinking mode). Default none. */
  replay_reasoning: z.optional(z.enum(["reasoning_content", "none"])),
  /** anthropic-messages: `adaptive` thinking (Claude 4.6 and later) instead of a token budget. Default budget. */
  anthropic_thinking: z.optional(z.enum(["budget", "adaptive"])),
  /** google-gemini: the thinkingLevels the model accepts (Gemini 3); unset sends a thinkingBudget. */
  gemini_thinking_levels: z.optional(
    z.array(z.enum(["minimal", "low", "medium", "high"])).check(z.minLength(1)),
  ),
});

export const configSchema = z.strictObject({
  /** Default model, `provider/model`. */
  model: z.optional(z.string().check(z.regex(/^[^/\s]+\/\S+$/, "must look like provider/model"))),
  reasoning_effort: z.optional(z.enum(["minimal", "low", "medium", "high"])),
  /** Model requests per turn before the turn stops. */
  max_steps: z.optional(z.int().check(z.positive())),
  providers: z.optional(z.record(z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]*$/)), providerConfigSchema)),
  models: z.optional(z.array(modelConfigSchema)),
  compaction: z.optional(
    z.strictObject({
      /** Share of the context window at which older turns are summarized. */
      threshold: z.optional(z.number().check(z.gt(0), z.lte(1))),
      keep_recent_tokens: z.optional(z.int().check(z.positive())),
    }),
  ),
  retry: z.optional(z.strictObject({ max_retries: z.optional(z.int().check(z.gte(0), z.lte(20))) })),
  /**
   * Waits on a silent server, per attempt, in seconds (fractions allowed). At most 300: Node's fetch gives up
   * there on its own. Defaults and why: src/providers/stream-timeouts.ts.
   */
  timeouts: z.optional(timeoutsSchema),
  /** Permission mode: ask (interactive default), auto (exec default), full. A project may only tighten it. */
  mode: z.optional(z.enum(PERMISSION_MODES)),
  /** Shell sandbox: read-only, workspace-write (default), full-access. A project may only tighten it. */
  sandbox: z.optional(z.enum(["read-only", "workspace-write", "full-access"])),
  /** Network inside the sandbox. Default false. A project may only turn it off. */
  network: z.optional(z.boolean()),
  /** The UI's colours: light or dark background, or auto (default: TANDEM_THEME, COLORFGBG, then ask the terminal). */
  theme: z.optional(z.enum(["light", "dark", "auto"])),
});

export type ConfigFile = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
