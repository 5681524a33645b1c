/** Builds the provider client for a resolved provider: the protocol's thin client, wrapped in retries. */
import { createAnthropicMessagesClient } from "../providers/anthropic-messages.ts";
import { createGoogleGeminiClient } from "../providers/google-gemini.ts";
import { createOpenAIChatClient } from "../providers/openai-chat.ts";
import { createOpenAIResponsesClient } from "../providers/openai-responses.ts";
import { type RetryOptions, withRetry } from "../providers/retry.ts";
import type { ProviderClient, ProviderClientOptions } from "../providers/types.ts";
import type { ResolvedProvider } from "./models.ts";

const factories = {
  "openai-responses": createOpenAIResponsesClient,
  "openai-chat": createOpenAIChatClient,
  "anthropic-messages": createAnthropicMessagesClient,
  "google-gemini": createGoogleGeminiClient,
} satisfies Record<ResolvedProvider["protocol"], (options: ProviderClientOptions) => ProviderClient>;

export function createClient(
  provider: ResolvedProvider,
  apiKey: string | undefined,
  retry: RetryOptions,
): ProviderClient {
  const options: ProviderClientOptions = { baseUrl: provider.baseUrl.replace(/\/+$/, "") };
  if (apiKey) options.apiKey = apiKey;
  if (provider.apiKeyEnv) options.apiKeyEnv = provider.apiKeyEnv;
  if (provider.headers) options.headers = provider.headers;
  return withRetry(factories[provider.protocol](options), retry);
}
