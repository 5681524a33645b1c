/**
 * The Chat Completions request body, built from the normalized request. Pure, so tests (and the token-budget
 * test) can measure exactly what goes on the wire.
 */

import { splitToolResult } from "./tool-result.ts";
import type {
  AssistantMessage,
  ImageBlock,
  Message,
  ModelRequest,
  ReasoningEffort,
  TextBlock,
  ThinkingBlock,
} from "./types.ts";

type ChatContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

export type ChatMessage =
  | { role: "system" | "developer"; content: string }
  | { role: "user"; content: string | ChatContentPart[] }
  | {
      role: "assistant";
      content: string | null;
      tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[];
      /** Only with `quirks.replayReasoning: "reasoning_content"`. */
      reasoning_content?: string;
    }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ChatTool {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface OpenAIChatBody {
  model: string;
  messages: ChatMessage[];
  stream: true;
  stream_options?: { include_usage: boolean };
  tools?: ChatTool[];
  max_tokens?: number;
  max_completion_tokens?: number;
  reasoning_effort?: ReasoningEffort;
  prompt_cache_key?: string;
}

export function buildOpenAIChatBody(request: ModelRequest): OpenAIChatBody {
  const { model } = request;
  const quirks = model.quirks ?? {};
  // OpenAI itself wants max_completion_tokens (reasoning models reject max_tokens); compatible servers
  // mostly only know max_tokens. A quirk on the model entry overrides either way.
  const isOpenAI = model.provider === "openai";
  const body: OpenAIChatBody = { model: model.model, messages: chatMessages(request), stream: true };
  if (quirks.streamUsage !== false) body.stream_options = { include_usage: true };
  if (request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({
      type: "function",
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  }
  // For a model the catalog does not know, our maxOutput is a guess; a local server given a limit larger than
  // its context answers "maximum context length exceeded", so let the server use its own default instead.
  const maxTokens = request.maxOutputTokens ?? (model.unknown ? undefined : model.maxOutput);
  if (maxTokens !== undefined) {
    if (quirks.maxCompletionTokens ?? isOpenAI) body.max_completion_tokens = maxTokens;
    else body.max_tokens = maxTokens;
  }
  if (model.capabilities.reasoning && request.reasoningEffort)
    body.reasoning_effort = request.reasoningEffort;
  if (request.cacheKey && (quirks.promptCacheKey ?? isOpenAI)) body.prompt_cache_key = request.cacheKey;
  return body;
}

function chatMessages(request: ModelRequest): ChatMessage[] {
  const out: ChatMessage[] = [];
  const images = request.model.capabilities.images;
  const replay = request.model.quirks?.replayReasoning === "reasoning_content";
  if (request.system) {
    out.push({ role: request.model.quirks?.developerRole ? "developer" : "system", content: request.system });
  }
  for (const message of request.messages) appendMessage(out, message, images, replay);
  return out;
}

/**
 * The reasoning an openai-chat client read for this message, as it goes back in `reasoning_content`. Another
 * protocol's thinking is opaque here (encrypted, signed or summarized for its own API), so it becomes `""`:
 * DeepSeek checks that the field is present on a tool-calling turn, not what it says.
 */
function replayedReasoning(message: AssistantMessage): string {
  if (message.protocol !== "openai-chat") return "";
  return message.content
    .filter((b): b is ThinkingBlock => b.type === "thinking")
    .map((b) => b.text)
    .join("");
}

function appendMessage(out: ChatMessage[], message: Message, images: boolean, replay: boolean): void {
  switch (message.role) {
    case "user": {
      const content = userContent(message.content, images);
      if (content.length > 0) out.push({ role: "user", content });
      return;
    }
    case "assistant": {
      // Thinking goes back only with the replayReasoning quirk: the chat servers that stream reasoning do
      // not agree on whether they accept it back. Its text is never sent as assistant text.
      const text = message.content
        .filter((b): b is TextBlock => b.type === "text")
        .map((b) => b.text)
        .join("");
      const calls = message.content.flatMap((b) =>
        b.type === "tool_call"
          ? [
              {
                id: b.id,
                type: "function" as const,
                function: { name: b.name, arguments: b.invalidArguments ?? JSON.stringify(b.arguments) },
              },
            ]
          : [],
      );
      // An aborted answer with nothing in it would be rejected ("content or tool_calls required").
      if (!text && calls.length === 0) return;
      const assistant: ChatMessage =
        calls.length > 0
          ? { role: "assistant", content: text || null, tool_calls: calls }
          : { role: "assistant", content: text };
      if (replay) assistant.reasoning_content = replayedReasoning(message);
      out.push(assistant);
      return;
    }
    case "tool_result": {
      const { text, images: pictures } = splitToolResult(message, "(image attached below)");
      out.push({
        role: "tool",
        tool_call_id: message.callId,
        content: `${message.isError ? "Error: " : ""}${text}`,
      });
      // Tool messages carry only text; images follow as a user message where the model can see them.
      if (pictures.length > 0 && images) {
        out.push({
          role: "user",
          content: [
            { type: "text", text: `Image(s) from the ${message.toolName} result:` },
            ...pictures.map(imagePart),
          ],
        });
      }
      return;
    }
  }
}

function userContent(blocks: (TextBlock | ImageBlock)[], images: boolean): string | ChatContentPart[] {
  if (blocks.every((b) => b.type === "text")) return blocks.map((b) => (b as TextBlock).text).join("\n");
  const parts: ChatContentPart[] = [];
  for (const b of blocks) {
    if (b.type === "text") parts.push({ type: "text", text: b.text });
    else if (images) parts.push(imagePart(b));
    else parts.push({ type: "text", text: "(an image was attached; this model cannot view images)" });
  }
  return parts;
}

function imagePart(image: ImageBlock): ChatContentPart {
  return { type: "image_url", image_url: { url: `data:${image.mimeType};base64,${image.data}` } };
}
