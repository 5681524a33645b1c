/**
 * The Responses API request body, built from the normalized request. Pure, so tests (and the token-budget
 * test) can measure exactly what goes on the wire.
 *
 * We send `store: false`, so the server keeps nothing between requests: every request carries the whole
 * history, and reasoning survives only as the encrypted items we round-trip. Item ids are not sent (like
 * Codex): with `store: false` the server cannot look them up, and an id without its paired reasoning item is
 * rejected.
 */

import { splitToolResult } from "./tool-result.ts";
import type {
  ImageBlock,
  Message,
  ModelRequest,
  ReasoningEffort,
  TextBlock,
  ThinkingBlock,
} from "./types.ts";

type InputContent =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail: "auto" };

export type ResponsesInputItem =
  | { type: "message"; role: "user"; content: InputContent[] }
  | { type: "message"; role: "assistant"; content: { type: "output_text"; text: string }[] }
  | { type: "function_call"; call_id: string; name: string; arguments: string }
  | { type: "function_call_output"; call_id: string; output: string }
  | { type: "reasoning"; summary: { type: "summary_text"; text: string }[]; encrypted_content: string };

export interface ResponsesTool {
  type: "function";
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  strict: false;
}

export interface OpenAIResponsesBody {
  model: string;
  instructions?: string;
  input: ResponsesInputItem[];
  stream: true;
  store: false;
  include?: "reasoning.encrypted_content"[];
  tools?: ResponsesTool[];
  tool_choice?: "auto";
  parallel_tool_calls?: boolean;
  max_output_tokens: number;
  prompt_cache_key?: string;
  reasoning?: { effort?: ReasoningEffort; summary: "auto" };
}

/** What a ThinkingBlock from this protocol carries in `vendor.data`. */
export interface ResponsesReasoningState {
  encryptedContent: string;
  summary: string[];
}

export function buildOpenAIResponsesBody(request: ModelRequest): OpenAIResponsesBody {
  const { model } = request;
  const body: OpenAIResponsesBody = {
    model: model.model,
    input: responsesInput(request),
    stream: true,
    store: false,
    max_output_tokens: request.maxOutputTokens ?? model.maxOutput,
  };
  if (request.system) body.instructions = request.system;
  if (request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({
      type: "function",
      name: t.name,
      description: t.description,
      parameters: t.parameters,
      strict: false,
    }));
    body.tool_choice = "auto";
    body.parallel_tool_calls = true;
  }
  if (request.cacheKey) body.prompt_cache_key = request.cacheKey;
  if (model.capabilities.reasoning) {
    // Non-reasoning models reject `include: ["reasoning.encrypted_content"]`, so both are gated on the flag.
    body.include = ["reasoning.encrypted_content"];
    body.reasoning = request.reasoningEffort
      ? { effort: request.reasoningEffort, summary: "auto" }
      : { summary: "auto" };
  }
  return body;
}

function responsesInput(request: ModelRequest): ResponsesInputItem[] {
  const out: ResponsesInputItem[] = [];
  const images = request.model.capabilities.images;
  for (const message of request.messages) appendItems(out, message, images);
  return out;
}

function appendItems(out: ResponsesInputItem[], message: Message, images: boolean): void {
  switch (message.role) {
    case "user": {
      const content = inputContent(message.content, images);
      if (content.length > 0) out.push({ type: "message", role: "user", content });
      return;
    }
    case "assistant": {
      let text = "";
      const flushText = () => {
        // The output_text form, as Codex sends it with `store: false`.
        if (text) out.push({ type: "message", role: "assistant", content: [{ type: "output_text", text }] });
        text = "";
      };
      for (const block of message.content) {
        if (block.type === "text") text += block.text;
        else if (block.type === "thinking") {
          const item = reasoningItem(block);
          if (item) {
            flushText();
            out.push(item);
          }
        } else {
          flushText();
          out.push({
            type: "function_call",
            call_id: block.id,
            name: block.name,
            arguments: block.invalidArguments ?? JSON.stringify(block.arguments),
          });
        }
      }
      flushText();
      return;
    }
    case "tool_result": {
      const { text, images: pictures } = splitToolResult(message, "(image attached below)");
      out.push({
        type: "function_call_output",
        call_id: message.callId,
        output: `${message.isError ? "Error: " : ""}${text}`,
      });
      if (pictures.length > 0 && images) {
        out.push({
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: `Image(s) from the ${message.toolName} result:` },
            ...pictures.map(imagePart),
          ],
        });
      }
      return;
    }
  }
}

/** Only our own protocol's reasoning goes back, and only with its encrypted content (the rest is noise). */
function reasoningItem(block: ThinkingBlock): ResponsesInputItem | undefined {
  if (block.vendor?.protocol !== "openai-responses") return undefined;
  const data = block.vendor.data as Partial<ResponsesReasoningState>;
  if (typeof data.encryptedContent !== "string" || !data.encryptedContent) return undefined;
  const summary = Array.isArray(data.summary) ? data.summary.filter((s) => typeof s === "string") : [];
  return {
    type: "reasoning",
    summary: summary.map((text) => ({ type: "summary_text", text })),
    encrypted_content: data.encryptedContent,
  };
}

function inputContent(blocks: (TextBlock | ImageBlock)[], images: boolean): InputContent[] {
  return blocks.map((b) => {
    if (b.type === "text") return { type: "input_text", text: b.text };
    if (images) return imagePart(b);
    return { type: "input_text", text: "(an image was attached; this model cannot view images)" };
  });
}

function imagePart(image: ImageBlock): InputContent {
  return { type: "input_image", image_url: `data:${image.mimeType};base64,${image.data}`, detail: "auto" };
}
