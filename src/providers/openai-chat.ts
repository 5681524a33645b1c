/**
 * OpenAI Chat Completions client (`POST {baseUrl}/chat/completions`, streaming). Also the client for the
 * compatible servers: Ollama, llama.cpp, vLLM, LM Studio, OpenRouter, Groq. Thin: global fetch + readSse.
 */
import type { Usage } from "../protocol/usage.ts";
import { parseEventJson } from "./event-json.ts";
import { errorFromStreamPayload } from "./http-errors.ts";
import { buildOpenAIChatBody } from "./openai-chat-body.ts";
import { cutOff, failureOf, openStream } from "./post-stream.ts";
import { readSse } from "./sse.ts";
import { normalizeCallId, type StreamBuilder } from "./stream-builder.ts";
import type { ModelRequest, ProviderClient, ProviderClientOptions, StreamEvent } from "./types.ts";

export { buildOpenAIChatBody } from "./openai-chat-body.ts";

interface ChatToolCallDelta {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

interface ChatChunk {
  choices?: {
    delta?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      refusal?: string | null;
      tool_calls?: ChatToolCallDelta[];
    };
    finish_reason?: string | null;
  }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
    completion_tokens_details?: { reasoning_tokens?: number } | null;
    /** DeepSeek's spelling of cached input. */
    prompt_cache_hit_tokens?: number;
  } | null;
  /** Groq reports usage here on the last chunk. */
  x_groq?: { usage?: ChatChunk["usage"] };
  error?: { message?: unknown; type?: unknown; code?: unknown };
}

export function createOpenAIChatClient(options: ProviderClientOptions): ProviderClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  return {
    protocol: "openai-chat",
    stream: (request) => streamChat(request, options, baseUrl),
  };
}

async function* streamChat(
  request: ModelRequest,
  options: ProviderClientOptions,
  baseUrl: string,
): AsyncGenerator<StreamEvent, void, undefined> {
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const opened = await openStream({
    protocol: "openai-chat",
    request,
    options,
    baseUrl,
    build: buildOpenAIChatBody,
    path: "/chat/completions",
    headers,
  });
  if (!opened.ok) {
    yield opened.failure;
    return;
  }
  const { out, ctx, body } = opened;
  const signal = request.signal;
  /** Chat tool-call `index` → content-block index. */
  const calls = new Map<number, number>();
  let finish: string | undefined;
  let sawDone = false;
  try {
    for await (const sse of readSse(body, signal)) {
      if (sse.data === "[DONE]") {
        sawDone = true;
        break;
      }
      const parsed = parseEventJson<ChatChunk>(sse, ctx);
      if (!parsed) continue;
      if (!parsed.ok) {
        yield out.fail(parsed.error);
        return;
      }
      const chunk = parsed.value;
      if (chunk.error) {
        yield out.fail(errorFromStreamPayload(chunk.error, ctx));
        return;
      }
      const usage = chunk.usage ?? chunk.x_groq?.usage;
      if (usage) out.usage = chatUsage(usage);
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta;
      if (delta) {
        const reasoning = delta.reasoning_content || delta.reasoning;
        if (reasoning) yield out.thinking(reasoning);
        if (delta.content) yield out.text(delta.content);
        if (delta.refusal) yield out.text(delta.refusal);
        if (delta.tool_calls) yield* toolCallDeltas(out, calls, delta.tool_calls);
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  } catch (err) {
    yield out.fail(failureOf(err, signal, ctx));
    return;
  }
  if (signal?.aborted) {
    yield out.fail(failureOf(undefined, signal, ctx));
    return;
  }
  if (finish === undefined && !sawDone) {
    yield out.fail(cutOff(ctx));
    return;
  }
  yield* out.endOpenToolCalls();
  if (finish === "content_filter") {
    yield out.fail({
      kind: "bad_request",
      message: `${ctx.providerLabel} stopped the answer with its content filter. Rephrase the request or switch model.`,
      retryable: false,
    });
    return;
  }
  // Some servers (Ollama, older vLLM) say `stop` even when they called tools.
  yield out.done(finish === "length" ? "length" : out.hasToolCalls() ? "tool_use" : "stop");
}

function* toolCallDeltas(
  out: StreamBuilder,
  calls: Map<number, number>,
  deltas: ChatToolCallDelta[],
): Generator<StreamEvent, void, undefined> {
  for (const delta of deltas) {
    // Servers that omit `index` send one call per delta, each complete; number them in order.
    const key = delta.index ?? (delta.id ? calls.size : Math.max(0, calls.size - 1));
    let index = calls.get(key);
    if (index === undefined) {
      const started = out.toolCallStart(normalizeCallId(delta.id), delta.function?.name ?? "");
      index = started.index;
      calls.set(key, index);
      yield started.event;
    }
    if (delta.function?.name) out.toolCallName(index, delta.function.name);
    const args = delta.function?.arguments;
    if (args) yield out.toolCallDelta(index, args);
  }
}

function chatUsage(u: NonNullable<ChatChunk["usage"]>): Usage {
  const prompt = u.prompt_tokens ?? 0;
  const cached = u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens ?? 0;
  return {
    input: Math.max(0, prompt - cached),
    cached_input: cached,
    cache_write: 0,
    output: u.completion_tokens ?? 0,
    reasoning: u.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
