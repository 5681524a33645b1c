/**
 * The Gemini `streamGenerateContent` request body, built from the normalized request. Pure, so tests (and the
 * token-budget test) measure exactly what goes on the wire. The model name goes in the URL, not the body.
 *
 * - `systemInstruction` holds the system prompt; `contents` alternate `user` and `model` turns.
 * - Tool calls are `functionCall` parts, tool results `functionResponse` parts (`{output}` or `{error}`), all
 *   results of one turn in one user turn; tools are `functionDeclarations` with `parametersJsonSchema`.
 * - `thoughtSignature`s a gemini client stored in `vendor` go back on the same part. Thinking from other
 *   protocols is dropped. When the model thinks, an unsigned first function call of a model turn (made by
 *   another protocol, or by a Gemini model that did not think) carries Google's documented placeholder
 *   signature, since Gemini 3 rejects an unsigned first call in a model turn.
 * - Thinking models get `thinkingConfig.includeThoughts`, plus, when an effort is given, a `thinkingLevel`
 *   for models with `quirks.geminiThinkingLevels` (Gemini 3) or a `thinkingBudget` otherwise.
 */

import { splitToolResult } from "./tool-result.ts";
import type { AssistantMessage, ImageBlock, ModelRequest, ReasoningEffort, TextBlock } from "./types.ts";

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  functionCall?: { name: string; args: Record<string, unknown>; id?: string };
  functionResponse?: { name: string; response: Record<string, unknown>; id?: string };
}

export interface GeminiContent {
  role: "user" | "model";
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description: string;
  parametersJsonSchema: Record<string, unknown>;
}

export interface GeminiBody {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations: GeminiFunctionDeclaration[] }[];
  generationConfig: {
    maxOutputTokens: number;
    thinkingConfig?: {
      includeThoughts: boolean;
      thinkingBudget?: number;
      thinkingLevel?: GeminiThinkingLevel;
    };
  };
}

/** Gemini 3's `thinkingLevel` values, spelled as the API's enum (and `@google/genai`'s `ThinkingLevel`). */
export type GeminiThinkingLevel = "MINIMAL" | "LOW" | "MEDIUM" | "HIGH";

const effortOrder: readonly ReasoningEffort[] = ["minimal", "low", "medium", "high"];

/**
 * The level to send for an effort, given the levels the model accepts (`quirks.geminiThinkingLevels`): the
 * effort itself when accepted, else the nearest accepted level above it (more thinking rather than less),
 * else the highest below. Gemini 3 Pro takes only low and high, so medium becomes HIGH and minimal LOW.
 */
export function geminiThinkingLevel(
  effort: ReasoningEffort,
  accepted: readonly ReasoningEffort[],
): GeminiThinkingLevel | undefined {
  const wanted = effortOrder.indexOf(effort);
  const above = effortOrder.slice(wanted).find((e) => accepted.includes(e));
  const below = effortOrder.slice(0, wanted).findLast((e) => accepted.includes(e));
  const level = above ?? below;
  return level && (level.toUpperCase() as GeminiThinkingLevel);
}

/** Thinking budget per effort, in tokens (Gemini 2.5 Pro accepts 128–32,768; Flash 0–24,576). */
export const geminiThinkingBudgets: Record<ReasoningEffort, number> = {
  minimal: 512,
  low: 2_048,
  medium: 8_192,
  high: 24_576,
};

/**
 * Google's documented stand-in for a missing thought signature, for function calls that came from elsewhere
 * (https://ai.google.dev/gemini-api/docs/thought-signatures).
 */
export const placeholderThoughtSignature = "skip_thought_signature_validator";

/** What a gemini client keeps in `vendor.data`. */
export interface GeminiVendorData {
  thoughtSignature?: string;
  /** The function call's id when the server sent one (then the response must echo it). */
  callId?: string;
}

export function geminiVendorData(block: {
  vendor?: { protocol: string; data: Record<string, unknown> };
}): GeminiVendorData | undefined {
  if (block.vendor?.protocol !== "google-gemini") return undefined;
  const { thoughtSignature, callId } = block.vendor.data;
  const out: GeminiVendorData = {};
  if (typeof thoughtSignature === "string" && thoughtSignature) out.thoughtSignature = thoughtSignature;
  if (typeof callId === "string" && callId) out.callId = callId;
  return out;
}

export function buildGeminiBody(request: ModelRequest): GeminiBody {
  const { model } = request;
  const body: GeminiBody = {
    contents: geminiContents(request),
    generationConfig: { maxOutputTokens: request.maxOutputTokens ?? model.maxOutput },
  };
  if (request.system) body.systemInstruction = { parts: [{ text: request.system }] };
  if (request.tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((t) => ({
          name: t.name,
          description: t.description,
          parametersJsonSchema: t.parameters,
        })),
      },
    ];
  }
  if (model.capabilities.reasoning) {
    const thinkingConfig: NonNullable<GeminiBody["generationConfig"]["thinkingConfig"]> = {
      includeThoughts: true,
    };
    const effort = request.reasoningEffort;
    const levels = model.quirks?.geminiThinkingLevels;
    // Gemini 3 takes a level; the API rejects a level and a budget together.
    if (effort && levels) {
      const level = geminiThinkingLevel(effort, levels);
      if (level) thinkingConfig.thinkingLevel = level;
    } else if (effort) {
      thinkingConfig.thinkingBudget = geminiThinkingBudgets[effort];
    }
    body.generationConfig.thinkingConfig = thinkingConfig;
  }
  return body;
}

function geminiContents(request: ModelRequest): GeminiContent[] {
  const images = request.model.capabilities.images;
  const thinks = request.model.capabilities.reasoning;
  const out: GeminiContent[] = [];
  /** Our call id → the id the server gave that call, echoed in its functionResponse. */
  const serverIds = new Map<string, string>();
  const push = (role: GeminiContent["role"], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = out.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else out.push({ role, parts });
  };
  for (const message of request.messages) {
    switch (message.role) {
      case "user":
        push("user", userParts(message.content, images));
        break;
      case "assistant":
        push("model", modelParts(message, thinks, serverIds));
        break;
      case "tool_result": {
        const { text: value, images: pictures } = splitToolResult(message, "(image attached)");
        const functionResponse: NonNullable<GeminiPart["functionResponse"]> = {
          name: message.toolName,
          response: message.isError ? { error: value } : { output: value },
        };
        const id = serverIds.get(message.callId);
        if (id) functionResponse.id = id;
        const parts: GeminiPart[] = [{ functionResponse }];
        // Images ride in the same user turn, after the responses, where the model can see them.
        if (images)
          for (const p of pictures) parts.push({ inlineData: { mimeType: p.mimeType, data: p.data } });
        push("user", parts);
        break;
      }
    }
  }
  // Function responses must come before other parts of the turn that answers the calls.
  for (const content of out) {
    if (content.role === "user" && content.parts.some((p) => p.functionResponse)) {
      content.parts.sort((a, b) => Number(!a.functionResponse) - Number(!b.functionResponse));
    }
  }
  return out;
}

function userParts(blocks: (TextBlock | ImageBlock)[], images: boolean): GeminiPart[] {
  const out: GeminiPart[] = [];
  for (const b of blocks) {
    if (b.type === "text") {
      if (b.text) out.push({ text: b.text });
    } else if (images) out.push({ inlineData: { mimeType: b.mimeType, data: b.data } });
    else out.push({ text: "(an image was attached; this model cannot view images)" });
  }
  return out;
}

function modelParts(
  message: AssistantMessage,
  thinks: boolean,
  serverIds: Map<string, string>,
): GeminiPart[] {
  const out: GeminiPart[] = [];
  let firstCall = true;
  for (const b of message.content) {
    const own = geminiVendorData(b);
    if (b.type === "thinking") {
      // Only our own thoughts go back, with their signature; other vendors' reasoning is opaque here.
      if (!own || (!b.text && !own.thoughtSignature)) continue;
      out.push(signed({ text: b.text, thought: true }, own));
    } else if (b.type === "text") {
      if (b.text || own?.thoughtSignature) out.push(signed({ text: b.text }, own));
    } else {
      const functionCall: NonNullable<GeminiPart["functionCall"]> = { name: b.name, args: b.arguments };
      if (own?.callId) {
        functionCall.id = own.callId;
        serverIds.set(b.id, own.callId);
      }
      const part = signed({ functionCall }, own);
      // Unsigned: another protocol's call, or a Gemini model that did not think. Either way Gemini 3 would
      // reject the turn.
      if (firstCall && thinks && !part.thoughtSignature) {
        part.thoughtSignature = placeholderThoughtSignature;
      }
      firstCall = false;
      out.push(part);
    }
  }
  return out;
}

function signed(part: GeminiPart, own: GeminiVendorData | undefined): GeminiPart {
  if (own?.thoughtSignature) part.thoughtSignature = own.thoughtSignature;
  return part;
}
