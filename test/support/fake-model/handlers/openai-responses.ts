/**
 * OpenAI Responses streaming (`POST /v1/responses`): named SSE events with `sequence_number`, one output item
 * per reasoning / message / function call, each opened by `response.output_item.added` and closed by
 * `response.output_item.done`, ending with `response.completed` (or `response.incomplete` at the token
 * limit) carrying the full response and its usage.
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

let counter = 0;
const nextId = (prefix: string) => `${prefix}${(++counter).toString(36).padStart(6, "0")}fake`;

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

type Item = Record<string, unknown>;

export function createOpenAIResponsesHandler(): ProtocolHandler {
  return {
    protocol: "openai-responses",
    matches: (method, pathname) => method === "POST" && pathname.endsWith("/responses"),
    renderError: renderOpenAIError,
    renderReply(step: ReplyStep, request: RecordedRequest): RenderedResponse {
      const model = typeof request.body.model === "string" ? request.body.model : "fake-model";
      const include = Array.isArray(request.body.include) ? request.body.include : [];
      const events: string[] = [];
      let seq = 0;
      const emit = (type: string, payload: Record<string, unknown>) => {
        events.push(sse({ type, sequence_number: seq++, ...payload }, type));
      };
      const response: Item = {
        id: nextId("resp_"),
        object: "response",
        created_at: 1_760_000_000,
        status: "in_progress",
        background: false,
        error: null,
        incomplete_details: null,
        instructions: request.body.instructions ?? null,
        max_output_tokens: request.body.max_output_tokens ?? null,
        model,
        output: [] as Item[],
        parallel_tool_calls: true,
        previous_response_id: null,
        prompt_cache_key: request.body.prompt_cache_key ?? null,
        reasoning: request.body.reasoning ?? { effort: null, summary: null },
        store: false,
        temperature: 1,
        text: { format: { type: "text" } },
        tool_choice: "auto",
        tools: request.body.tools ?? [],
        top_p: 1,
        truncation: "disabled",
        usage: null,
        metadata: {},
      };
      emit("response.created", { response: structuredClone(response) });
      emit("response.in_progress", { response: structuredClone(response) });
      const output: Item[] = [];
      const size = step.chunkSize ?? 8;

      if (step.reasoning) {
        const index = output.length;
        const itemId = nextId("rs_");
        emit("response.output_item.added", {
          output_index: index,
          item: { id: itemId, type: "reasoning", summary: [] },
        });
        const where = { item_id: itemId, output_index: index, summary_index: 0 };
        emit("response.reasoning_summary_part.added", { ...where, part: { type: "summary_text", text: "" } });
        for (const p of pieces(step.reasoning, size)) {
          emit("response.reasoning_summary_text.delta", { ...where, delta: p, obfuscation: "x" });
        }
        emit("response.reasoning_summary_text.done", { ...where, text: step.reasoning });
        const part = { type: "summary_text", text: step.reasoning };
        emit("response.reasoning_summary_part.done", { ...where, part });
        const item: Item = { id: itemId, type: "reasoning", summary: [part] };
        if (include.includes("reasoning.encrypted_content")) {
          item.encrypted_content = `gAAAAfake${Buffer.from(step.reasoning).toString("base64")}`;
        }
        emit("response.output_item.done", { output_index: index, item });
        output.push(item);
      }

      const chunks = textChunks(step);
      if (chunks.length > 0) {
        const index = output.length;
        const itemId = nextId("msg_");
        emit("response.output_item.added", {
          output_index: index,
          item: { id: itemId, type: "message", status: "in_progress", role: "assistant", content: [] },
        });
        const where = { item_id: itemId, output_index: index, content_index: 0 };
        emit("response.content_part.added", {
          ...where,
          part: { type: "output_text", text: "", annotations: [] },
        });
        for (const delta of chunks) emit("response.output_text.delta", { ...where, delta, logprobs: [] });
        const text = chunks.join("");
        emit("response.output_text.done", { ...where, text, logprobs: [] });
        const part = { type: "output_text", text, annotations: [], logprobs: [] };
        emit("response.content_part.done", { ...where, part });
        const item = { id: itemId, type: "message", status: "completed", role: "assistant", content: [part] };
        emit("response.output_item.done", { output_index: index, item });
        output.push(item);
      }

      for (const call of step.toolCalls ?? []) {
        const index = output.length;
        const itemId = nextId("fc_");
        const callId = call.id ?? nextId("call_");
        const args = argumentsText(call);
        const opened = {
          id: itemId,
          type: "function_call",
          status: "in_progress",
          arguments: "",
          call_id: callId,
          name: call.name,
        };
        emit("response.output_item.added", { output_index: index, item: opened });
        for (const p of pieces(args, Math.max(size, 16))) {
          emit("response.function_call_arguments.delta", {
            item_id: itemId,
            output_index: index,
            delta: p,
            obfuscation: "x",
          });
        }
        emit("response.function_call_arguments.done", {
          item_id: itemId,
          output_index: index,
          arguments: args,
        });
        const item = { ...opened, status: "completed", arguments: args };
        emit("response.output_item.done", { output_index: index, item });
        output.push(item);
      }

      if (step.streamError === "overloaded") {
        emit("error", {
          code: "server_is_overloaded",
          message: "The server is overloaded or not ready yet.",
          param: null,
        });
        return { status: 200, headers: { ...sseHeaders }, events };
      }
      if (step.streamError === "quota") {
        // As the service sends it (not as the API reference documents it): details nested under `error`.
        emit("error", {
          error: {
            type: "insufficient_quota",
            code: "insufficient_quota",
            message:
              "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
            param: null,
          },
        });
        return { status: 200, headers: { ...sseHeaders }, events };
      }
      if (step.streamError === "server") {
        const error = {
          code: "server_error",
          message: "The server had an error while processing your request.",
        };
        emit("response.failed", { response: { ...response, output, status: "failed", error } });
        return { status: 200, headers: { ...sseHeaders }, events };
      }
      const u = usageOf(step);
      const inputTokens = u.input + u.cached_input + u.cache_write;
      const finished: Item = {
        ...response,
        output,
        usage: {
          input_tokens: inputTokens,
          input_tokens_details: { cached_tokens: u.cached_input },
          output_tokens: u.output,
          output_tokens_details: { reasoning_tokens: u.reasoning },
          total_tokens: inputTokens + u.output,
        },
      };
      if (step.stopReason === "length") {
        finished.status = "incomplete";
        finished.incomplete_details = { reason: "max_output_tokens" };
      } else {
        finished.status = "completed";
      }
      if (request.body.stream !== true) {
        // `stream: false`: the final response object alone.
        return {
          status: 200,
          headers: { "content-type": "application/json" },
          events: [JSON.stringify(finished)],
        };
      }
      emit(finished.status === "incomplete" ? "response.incomplete" : "response.completed", {
        response: finished,
      });
      return { status: 200, headers: { ...sseHeaders }, events };
    },
  };
}

export const openaiResponsesHandler = createOpenAIResponsesHandler();
