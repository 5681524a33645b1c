/**
 * Builds the provider client for a resolved provider: the protocol's thin client, wrapped in retries.
 */
import { createAnthropicMessagesClient } from "../providers/anthropic-messages.ts";
import { createGoogleGeminiClient } from "../providers/google-gemini.ts";
import { createOpenAIChatClient } from "../providers/openai-chat.ts";
import { createOpenAIResponsesClient } from "../providers/openai-responses.ts";
import { type RetryOptions, withRetry } from "../providers/retry.ts";
import type { ProviderClient, ProviderClientOptions, StreamTimeouts } from "../providers/types.ts";

import type { ResolvedProvider } from "./models.ts";

const factories = {
  "openai-responses": createOpenAIResponsesClient,
  "openai-chat": createOpenAIChatClient,
  "anthropic-messages": createAnthropicMessagesClient,
  "google-gemini": createGoogleGeminiClient,
} satisfies Record<ResolvedProvider["protocol"], (options: ProviderClientOptions) => ProviderClient>;

export interface ClientOptions {
  retry: RetryOptions;
  /** Waits on a silent server; the provider's own win key by key. Default: stream-timeouts.ts `timeoutDefaults`. */
  timeouts?: StreamTimeouts;
  /** The HTTP client. Default: a POST over node:http (src/providers/node-http.ts). */
  fetch?: typeof fetch;
  /**
   * Called as each request is written (every attempt; ProviderClientOptions.onRequestWritten): the session
   * starts loading what the first tool call needs then, so that loading does not delay the request. Default none.
   */
  onRequestWritten?: () => void;
}

export function createClient(
  provider: ResolvedProvider,
  apiKey: string | undefined,
  clientOptions: ClientOptions,
): ProviderClient {
  // The provider's own `[providers.x.timeouts]` win key by key over the global `[timeouts]`.
  const waits = { ...clientOptions.timeouts, ...provider.timeouts };
  const options: ProviderClientOptions = { baseUrl: provider.baseUrl.replace(/\/+$/, ""), timeouts: waits };
  if (clientOptions.fetch) options.fetch = clientOptions.fetch;
  if (clientOptions.onRequestWritten) options.onRequestWritten = clientOptions.onRequestWritten;
  if (apiKey) options.apiKey = apiKey;
  if (provider.apiKeyEnv) options.apiKeyEnv = provider.apiKeyEnv;
  if (provider.headers) options.headers = provider.headers;
  return withRetry(factories[provider.protocol](options), clientOptions.retry);
}

export { streamTimeouts } from "./timeouts-config.ts";
