/**
 * Builds the provider client for a resolved provider: the protocol's thin client, wrapped in retries.
 * `timeouts` bound the waits on a silent server (default: stream-timeouts.ts `timeoutDefaults`); `fetchImpl` is
 * the HTTP client (default the global fetch).
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

export function createClient(
  provider: ResolvedProvider,
  apiKey: string | undefined,
  retry: RetryOptions,
  timeouts: StreamTimeouts = {},
  fetchImpl?: typeof fetch,
): ProviderClient {
  // The provider's own `[providers.x.timeouts]` win key by key over the global `[timeouts]`.
  const waits = { ...timeouts, ...provider.timeouts };
  const options: ProviderClientOptions = { baseUrl: provider.baseUrl.replace(/\/+$/, ""), timeouts: waits };
  if (fetchImpl) options.fetch = fetchImpl;
  if (apiKey) options.apiKey = apiKey;
  if (provider.apiKeyEnv) options.apiKeyEnv = provider.apiKeyEnv;
  if (provider.headers) options.headers = provider.headers;
  return withRetry(factories[provider.protocol](options), retry);
}

/**
 * Calls `onSend` each time a request starts (the session uses it to start loading what the first tool call
 * needs while the model answers). Deferred to the next turn of the event loop so the client's own work of
 * sending the request comes first; the request itself is unchanged.
 */
export function onRequestSent(client: ProviderClient, onSend: () => void): ProviderClient {
  return {
    protocol: client.protocol,
    stream(request) {
      setImmediate(onSend);
      return client.stream(request);
    },
  };
}

export { streamTimeouts } from "./timeouts-config.ts";
