/**
 * The config file format (`TANDEM_HOME/config.toml` and a project's `.tandem/config.toml`), validated with zod
 * so a mistake names the file and the field. See docs/config.md.
 */
import { z } from "zod";
import { PERMISSION_MODES } from "../protocol/permissions.ts";

const protocol = z.enum(["openai-responses", "openai-chat", "anthropic-messages", "google-gemini"]);

/** Waits on a silent server, per attempt, in seconds (fractions allowed); `[timeouts]` and a provider's own. */
const timeoutsSchema = z.strictObject({
  /** From the request to the first byte of the answer. Default 90. */
  first_byte_seconds: z.number().positive().max(300).optional(),
  /** Between two pieces of a streaming answer. Default 300. */
  idle_seconds: z.number().positive().max(300).optional(),
  /**
   * How long a local server (Ollama, LM Studio, llama.cpp) gets to list its models when no model is configured
   * and tandem looks for one (default-model.ts). Default 0.4: a server that is not running refuses at once.
   */
  probe_seconds: z.number().positive().max(300).optional(),
});

export const providerConfigSchema = z.strictObject({
  protocol,
  base_url: z.url(),
  /** Name of the environment variable holding the key. Keys themselves never go in config files. */
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
    .optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** This provider's own waits (a slow local server, a fast hosted one); its keys win over `[timeouts]`. */
  timeouts: timeoutsSchema.optional(),
});

export const modelConfigSchema = z.strictObject({
  /** `provider/model`. */
  id: z.string().regex(/^[^/\s]+\/\S+$/, "must look like provider/model"),
  context_window: z.number().int().positive(),
  max_output: z.number().int().positive(),
  prices: z
    .strictObject({
      input: z.number().nonnegative(),
      output: z.number().nonnegative(),
      cache_read: z.number().nonnegative().optional(),
      cache_write: z.number().nonnegative().optional(),
    })
    .optional(),
  tools: z.boolean().default(true),
  reasoning: z.boolean().default(false),
  images: z.boolean().default(false),
  edit_format: z.enum(["apply_patch", "edit"]).default("edit"),
  /** openai-chat: send reasoning back as `reasoning_content` (DeepSeek thinking mode). Default none. */
  replay_reasoning: z.enum(["reasoning_content", "none"]).optional(),
  /** anthropic-messages: `adaptive` thinking (Claude 4.6 and later) instead of a token budget. Default budget. */
  anthropic_thinking: z.enum(["budget", "adaptive"]).optional(),
  /** google-gemini: the thinkingLevels the model accepts (Gemini 3); unset sends a thinkingBudget. */
  gemini_thinking_levels: z
    .array(z.enum(["minimal", "low", "medium", "high"]))
    .nonempty()
    .optional(),
});

export const configSchema = z.strictObject({
  /** Default model, `provider/model`. */
  model: z
    .string()
    .regex(/^[^/\s]+\/\S+$/, "must look like provider/model")
    .optional(),
  reasoning_effort: z.enum(["minimal", "low", "medium", "high"]).optional(),
  /** Model requests per turn before the turn stops. */
  max_steps: z.number().int().positive().optional(),
  providers: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), providerConfigSchema).optional(),
  models: z.array(modelConfigSchema).optional(),
  compaction: z
    .strictObject({
      /** Share of the context window at which older turns are summarized. */
      threshold: z.number().gt(0).lte(1).optional(),
      keep_recent_tokens: z.number().int().positive().optional(),
    })
    .optional(),
  retry: z.strictObject({ max_retries: z.number().int().min(0).max(20).optional() }).optional(),
  /**
   * Waits on a silent server, per attempt, in seconds (fractions allowed). At most 300: Node's fetch gives up
   * there on its own. Defaults and why: src/providers/stream-timeouts.ts.
   */
  timeouts: timeoutsSchema.optional(),
  /** Permission mode: ask (interactive default), auto (exec default), full. A project may only tighten it. */
  mode: z.enum(PERMISSION_MODES).optional(),
  /** Shell sandbox: read-only, workspace-write (default), full-access. A project may only tighten it. */
  sandbox: z.enum(["read-only", "workspace-write", "full-access"]).optional(),
  /** Network inside the sandbox. Default false. A project may only turn it off. */
  network: z.boolean().optional(),
  /** The UI's colours: light or dark background, or auto (default: TANDEM_THEME, COLORFGBG, then ask the terminal). */
  theme: z.enum(["light", "dark", "auto"]).optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
