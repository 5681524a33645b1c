/** The four real clients, each pointed at the fake model server, for tests that run one fault on every protocol. */
import { createAnthropicMessagesClient } from "../../src/providers/anthropic-messages.ts";
import { createGoogleGeminiClient } from "../../src/providers/google-gemini.ts";
import { createOpenAIChatClient } from "../../src/providers/openai-chat.ts";
import { createOpenAIResponsesClient } from "../../src/providers/openai-responses.ts";
import type {
  ProtocolId,
  ProviderClient,
  ProviderClientOptions,
  StreamTimeouts,
} from "../../src/providers/types.ts";
import type { FakeModelServer } from "../support/fake-model/index.ts";

const factories: Record<ProtocolId, (options: ProviderClientOptions) => ProviderClient> = {
  "openai-chat": createOpenAIChatClient,
  "openai-responses": createOpenAIResponsesClient,
  "anthropic-messages": createAnthropicMessagesClient,
  "google-gemini": createGoogleGeminiClient,
};

export const protocols = Object.keys(factories) as ProtocolId[];

export function clientFor(
  server: FakeModelServer,
  protocol: ProtocolId,
  timeouts?: StreamTimeouts,
): ProviderClient {
  const options: ProviderClientOptions = { baseUrl: server.baseUrl(protocol), apiKey: "k" };
  if (timeouts) options.timeouts = timeouts;
  return factories[protocol](options);
}
