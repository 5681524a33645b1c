/**
 * OpenAI Responses API client (`POST {baseUrl}/responses`, streaming, `store: false`). Thin: global fetch +
 * readSse. Reasoning summaries stream as thinking; the encrypted reasoning item is kept on the ThinkingBlock
 * (`vendor.protocol === "openai-responses"`) and sent back on the next request.
 */
import type { Usage } from "../protocol/usage.ts";
import { parseEventJson } from "./event-json.ts";
import { type ErrorContext, errorFromStreamPayload } from "./http-errors.ts";
import { buildOpenAIResponsesBody, type ResponsesReasoningState } from "./openai-responses-body.ts";
import { cutOff, failureOf, openStream } from "./post-stream.ts";
import { readSse } from "./sse.ts";
import { normalizeCallId } from "./stream-builder.ts";
import type {
  ModelRequest,
  ProviderClient,
  ProviderClientOptions,
  ProviderError,
  StreamEvent,
} from "./types.ts";

export { buildOpenAIResponsesBody } from "./openai-responses-body.ts";

interface ResponsesItem {
  type?: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  encrypted_content?: string | null;
  summary?: { text?: string }[];
}

interface ResponsesUsage {
  input_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number } | null;
}

interface ResponsesEvent {
  type?: string;
  delta?: string;
  output_index?: number;
  summary_index?: number;
  arguments?: string;
  item?: ResponsesItem;
  code?: unknown;
  message?: unknown;
  /** The `error` event as OpenAI actually sends it: the details nested here, not at the top as documented. */
  error?: { code?: unknown; type?: unknown; message?: unknown } | null;
  response?: {
    status?: string;
    usage?: ResponsesUsage | null;
    incomplete_details?: { reason?: string } | null;
    error?: { code?: unknown; message?: unknown } | null;
  };
}

export function createOpenAIResponsesClient(options: ProviderClientOptions): ProviderClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  return {
    protocol: "openai-responses",
    stream: (request) => streamResponses(request, options, baseUrl),
  };
}

async function* streamResponses(
  request: ModelRequest,
  options: ProviderClientOptions,
  baseUrl: string,
): AsyncGenerator<StreamEvent, void, undefined> {
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const opened = await openStream({
    protocol: "openai-responses",
    request,
    options,
    baseUrl,
    build: buildOpenAIResponsesBody,
    path: "/responses",
    headers,
  });
  if (!opened.ok) {
    yield opened.failure;
    return;
  }
  const { out, ctx, body } = opened;
  const signal = request.signal;
  /** Responses `output_index` of a function call → content-block index. */
  const calls = new Map<number, number>();
  let final: ResponsesEvent["response"];
  let sawText = false;
  try {
    for await (const sse of readSse(body, signal)) {
      const parsed = parseEventJson<ResponsesEvent>(sse, ctx);
      if (!parsed) continue;
      if (!parsed.ok) {
        yield out.fail(parsed.error);
        return;
      }
      const event = parsed.value;
      switch (event.type ?? sse.event) {
        case "response.output_text.delta":
        case "response.refusal.delta":
          if (event.delta) {
            sawText = true;
            yield out.text(event.delta);
          }
          break;
        case "response.reasoning_summary_part.added":
          // Parts of one summary are paragraphs; keep them apart in the thinking text.
          if ((event.summary_index ?? 0) > 0) yield out.thinking("\n\n");
          break;
        case "response.reasoning_summary_text.delta":
          if (event.delta) yield out.thinking(event.delta);
          break;
        case "response.output_item.added":
          if (event.item?.type === "function_call") {
            const started = out.toolCallStart(normalizeCallId(event.item.call_id), event.item.name ?? "");
            calls.set(event.output_index ?? calls.size, started.index);
            yield started.event;
          } else {
            // Each reasoning/message item is its own block, even when two of the same kind follow each other.
            out.breakBlock();
          }
          break;
        case "response.function_call_arguments.delta": {
          const index = calls.get(event.output_index ?? -1);
          if (index !== undefined && event.delta) yield out.toolCallDelta(index, event.delta);
          break;
        }
        case "response.output_item.done": {
          const item = event.item;
          if (item?.type === "function_call") {
            const index = calls.get(event.output_index ?? -1);
            const end = index === undefined ? undefined : out.toolCallEnd(index, item.arguments);
            if (end) yield end;
          } else if (item?.type === "reasoning" && item.encrypted_content) {
            const data: ResponsesReasoningState = {
              encryptedContent: item.encrypted_content,
              summary: (item.summary ?? []).map((s) => s.text ?? ""),
            };
            out.thinkingVendor({ protocol: "openai-responses", data: { ...data } });
          }
          break;
        }
        case "response.completed":
        case "response.incomplete":
        case "response.failed":
          final = event.response ?? {};
          break;
        case "error":
          // The API reference puts code/message on the event; the service nests them under `error`
          // (openai/openai-dotnet#881). Read both so the vendor's reason always reaches the user.
          yield out.fail(errorFromStreamPayload(event.error ?? event, ctx));
          return;
      }
      if (final) break;
    }
  } catch (err) {
    yield out.fail(failureOf(err, signal, ctx));
    return;
  }
  if (signal?.aborted) {
    yield out.fail(failureOf(undefined, signal, ctx));
    return;
  }
  if (!final) {
    yield out.fail(cutOff(ctx, "the response completed"));
    return;
  }
  if (final.usage) out.usage = responsesUsage(final.usage);
  if (final.status === "failed") {
    yield out.fail(errorFromStreamPayload(final.error ?? {}, ctx));
    return;
  }
  yield* out.endOpenToolCalls();
  if (final.status === "incomplete") {
    const reason = final.incomplete_details?.reason;
    if (reason === "content_filter") {
      yield out.fail(contentFiltered(ctx, sawText));
      return;
    }
    yield out.done("length");
    return;
  }
  yield out.done(out.hasToolCalls() ? "tool_use" : "stop");
}

function contentFiltered(ctx: ErrorContext, partial: boolean): ProviderError {
  const kept = partial ? " The text received so far is kept." : "";
  return {
    kind: "bad_request",
    message: `${ctx.providerLabel} stopped the answer with its content filter.${kept} Rephrase the request or switch model.`,
    retryable: false,
  };
}

function responsesUsage(u: ResponsesUsage): Usage {
  const input = u.input_tokens ?? 0;
  const cached = u.input_tokens_details?.cached_tokens ?? 0;
  return {
    input: Math.max(0, input - cached),
    cached_input: cached,
    cache_write: 0,
    output: u.output_tokens ?? 0,
    reasoning: u.output_tokens_details?.reasoning_tokens ?? 0,
  };
}
