/** Every protocol the fake model server speaks. Add a vendor's handler by importing it here. */
import type { ProtocolHandler } from "./handler.ts";
import { openaiChatHandler } from "./handlers/openai-chat.ts";
import { openaiResponsesHandler } from "./handlers/openai-responses.ts";

export const allHandlers: ProtocolHandler[] = [openaiChatHandler, openaiResponsesHandler];
