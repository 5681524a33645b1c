/** Every protocol the fake model server speaks. Add a vendor's handler by importing it here. */
import type { ProtocolHandler } from "./handler.ts";
import { anthropicMessagesHandler } from "./handlers/anthropic-messages.ts";
import { googleGeminiHandler } from "./handlers/google-gemini.ts";
import { openaiChatHandler } from "./handlers/openai-chat.ts";
import { openaiResponsesHandler } from "./handlers/openai-responses.ts";

export const allHandlers: ProtocolHandler[] = [
  openaiChatHandler,
  openaiResponsesHandler,
  anthropicMessagesHandler,
  googleGeminiHandler,
];
