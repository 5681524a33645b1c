/**
 * OpenAI Chat Completions streaming (`POST /v1/chat/completions`), as OpenAI and the compatible servers
 * (vLLM, llama.cpp, Ollama, OpenRouter, Groq…) send it: `chat.completion.chunk` objects, tool calls as
 * deltas keyed by `index`, a finish chunk, a usage chunk with empty `choices` when
 * `stream_options.include_usage` was asked for, then `data: [DONE]`.
 */
import {
  type ProtocolHandler,
  type RecordedRequest,
  type RenderedResponse,
  sse,
  sseHeaders,
} from "../handler.ts";
import { argumentsText, type ReplyStep, textChunks, usageOf } from "../script.ts";
import { renderOpenAIError } from "./openai-errors.ts";

export interface OpenAIChatHandlerOptions {
  /**
   * Delta field carrying visible reasoning: `reasoning_content` (DeepSeek, vLLM, llama.cpp) or `reasoning`
   * (OpenRouter, Ollama). Default `reasoning_content`.
   */
  reasoningField?: "reasoning_content" | "reasoning";
  /**
   * How the server treats `reasoning_content` sent back on assistant messages. `required`: DeepSeek's
   * thinking mode, a 400 when an assistant message with `tool_calls` lacks the field. `rejected`: the old
   * `deepseek-reasoner`, a 400 when any assistant message carries it. Default: ignored.
   */
  reasoningReplay?: "required" | "rejected";
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}${(++counter).toString(36).padStart(6, "0")}fake`;

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function createOpenAIChatHandler(options: OpenAIChatHandlerOptions = {}): ProtocolHandler {
  const reasoningField = options.reasoningField ?? "reasoning_content";
  return {
    protocol: "openai-chat",
    matches: (method, pathname) => method === "POST" && pathname.endsWith("/chat/completions"),
    renderError: renderOpenAIError,
    renderReply(step: ReplyStep, request: RecordedRequest): RenderedResponse {
      const refusal = reasoningReplayError(options.reasoningReplay, request);
      if (refusal) return renderOpenAIError({ kind: "error", status: 400, message: refusal }, request);
      const id = nextId("chatcmpl-");
      const model = typeof request.body.model === "string" ? request.body.model : "fake-model";
      const base = {
        id,
        object: "chat.completion.chunk",
        created: 1_760_000_000,
        model,
        system_fingerprint: "fp_fake",
      };
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
        sse({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
      const events: string[] = [chunk({ role: "assistant", content: "", refusal: null })];
      const size = step.chunkSize ?? 8;
      if (step.reasoning)
        for (const p of pieces(step.reasoning, size)) events.push(chunk({ [reasoningField]: p }));
      for (const text of textChunks(step)) events.push(chunk({ content: text }));
      const calls = step.toolCalls ?? [];
      calls.forEach((call, index) => {
        const callId = call.id ?? nextId("call_");
        events.push(
          chunk({
            tool_calls: [
              { index, id: callId, type: "function", function: { name: call.name, arguments: "" } },
            ],
          }),
        );
        for (const p of pieces(argumentsText(call), Math.max(size, 16))) {
          events.push(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
        }
      });
      if (step.streamError) {
        // OpenRouter and vLLM report a failure mid-answer as an `error` object in a chunk of the 200 stream.
        const error =
          step.streamError === "overloaded"
            ? {
                message: "The server is overloaded or not ready yet.",
                type: "server_error",
                code: "server_is_overloaded",
              }
            : {
                message: "The server had an error while processing your request.",
                type: "server_error",
                code: "server_error",
              };
        events.push(sse({ error }));
        return { status: 200, headers: { ...sseHeaders }, events };
      }
      const finish = step.stopReason === "length" ? "length" : calls.length > 0 ? "tool_calls" : "stop";
      events.push(chunk({}, finish));
      const streamOptions = request.body.stream_options as { include_usage?: boolean } | undefined;
      if (streamOptions?.include_usage || request.body.stream !== true) {
        const u = usageOf(step);
        const prompt = u.input + u.cached_input + u.cache_write;
        events.push(
          sse({
            ...base,
            choices: [],
            usage: {
              prompt_tokens: prompt,
              completion_tokens: u.output,
              total_tokens: prompt + u.output,
              prompt_tokens_details: { cached_tokens: u.cached_input, audio_tokens: 0 },
              completion_tokens_details: {
                reasoning_tokens: u.reasoning,
                audio_tokens: 0,
                accepted_prediction_tokens: 0,
                rejected_prediction_tokens: 0,
              },
            },
          }),
        );
      }
      events.push(sse("[DONE]"));
      if (request.body.stream !== true) return nonStreaming(events);
      return { status: 200, headers: { ...sseHeaders }, events };
    },
  };
}

/** The 400 message a server with the given reasoning-replay rule answers, or undefined when it accepts. */
function reasoningReplayError(
  rule: OpenAIChatHandlerOptions["reasoningReplay"],
  request: RecordedRequest,
): string | undefined {
  if (!rule || !Array.isArray(request.body.messages)) return undefined;
  const messages = request.body.messages as Record<string, unknown>[];
  for (const [index, m] of messages.entries()) {
    if (m.role !== "assistant") continue;
    const has = typeof m.reasoning_content === "string";
    if (rule === "required" && Array.isArray(m.tool_calls) && !has) {
      return `Missing \`reasoning_content\` field in the assistant message at message index ${index}. For more information, please refer to https://api-docs.deepseek.com/guides/thinking_mode#tool-calls`;
    }
    if (rule === "rejected" && has) {
      return `Unsupported field \`reasoning_content\` in the assistant message at message index ${index}.`;
    }
  }
  return undefined;
}

/**
 * `stream: false`: the same answer as one `chat.completion` object, folded from the chunks so both shapes
 * always agree.
 */
function nonStreaming(frames: string[]): RenderedResponse {
  const chunks = frames
    .map((f) => f.slice("data: ".length).trim())
    .filter((d) => d !== "[DONE]")
    .map((d) => JSON.parse(d) as Record<string, unknown>);
  const first = chunks[0] ?? {};
  let content = "";
  let reasoning = "";
  let finish: unknown = null;
  let usage: unknown;
  const calls: { id: string; type: "function"; function: { name: string; arguments: string } }[] = [];
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    const choice = (chunk.choices as { delta: Record<string, unknown>; finish_reason: unknown }[])[0];
    if (!choice) continue;
    if (choice.finish_reason) finish = choice.finish_reason;
    const delta = choice.delta;
    if (typeof delta.content === "string") content += delta.content;
    const r = delta.reasoning_content ?? delta.reasoning;
    if (typeof r === "string") reasoning += r;
    for (const tc of (delta.tool_calls ?? []) as {
      index: number;
      id?: string;
      function: { name?: string; arguments?: string };
    }[]) {
      calls[tc.index] ??= { id: tc.id ?? "", type: "function", function: { name: "", arguments: "" } };
      const call = calls[tc.index];
      if (!call) continue;
      if (tc.function.name) call.function.name = tc.function.name;
      call.function.arguments += tc.function.arguments ?? "";
    }
  }
  const message: Record<string, unknown> = { role: "assistant", content: content || null, refusal: null };
  if (reasoning) message.reasoning_content = reasoning;
  if (calls.length > 0) message.tool_calls = calls;
  const body = {
    id: first.id,
    object: "chat.completion",
    created: first.created,
    model: first.model,
    system_fingerprint: first.system_fingerprint,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
    usage,
  };
  return { status: 200, headers: { "content-type": "application/json" }, events: [JSON.stringify(body)] };
}

export const openaiChatHandler = createOpenAIChatHandler();
