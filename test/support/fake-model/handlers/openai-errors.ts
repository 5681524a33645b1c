/**
 * OpenAI's HTTP error shape, shared by Chat Completions and Responses:
 * `{"error":{"message","type","param","code"}}` plus `retry-after` / `retry-after-ms` on 429s.
 */
import type { RecordedRequest, RenderedResponse } from "../handler.ts";
import type { ErrorStep } from "../script.ts";

interface OpenAIErrorShape {
  type: string;
  code: string | null;
  message: string;
}

function shapeOf(step: ErrorStep, request: RecordedRequest): OpenAIErrorShape {
  const model = typeof request.body.model === "string" ? request.body.model : "the model";
  switch (step.errorType ?? defaultType(step.status)) {
    case "rate_limit":
      return {
        type: "requests",
        code: "rate_limit_exceeded",
        message: `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${step.retryAfter ?? 20}s.`,
      };
    case "overloaded":
      return {
        type: "server_error",
        code: "server_is_overloaded",
        message: "The server is overloaded or not ready yet.",
      };
    case "server":
      return {
        type: "server_error",
        code: null,
        message: "The server had an error while processing your request. Sorry about that!",
      };
    case "auth":
      return {
        type: "invalid_request_error",
        code: "invalid_api_key",
        // Like the real API: the key is echoed masked, never whole.
        message: `Incorrect API key provided: ${maskedKey(request)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      };
    case "context_overflow":
      return {
        type: "invalid_request_error",
        code: "context_length_exceeded",
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
      };
    default:
      return { type: "invalid_request_error", code: null, message: "Invalid request." };
  }
}

function defaultType(status: number): ErrorStep["errorType"] {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limit";
  if (status >= 500) return "server";
  return "bad_request";
}

function maskedKey(request: RecordedRequest): string {
  const header = request.headers.authorization;
  const key = typeof header === "string" ? header.replace(/^Bearer\s+/i, "") : "";
  if (key.length < 8) return "********";
  return `${key.slice(0, 3)}${"*".repeat(key.length - 7)}${key.slice(-4)}`;
}

export function renderOpenAIError(step: ErrorStep, request: RecordedRequest): RenderedResponse {
  const shape = shapeOf(step, request);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-request-id": `req_fake${request.receivedAt.toFixed(0)}`,
  };
  if (step.retryAfter !== undefined) {
    headers["retry-after"] = String(step.retryAfter);
    headers["retry-after-ms"] = String(step.retryAfter * 1000);
  }
  const body = {
    error: { message: step.message ?? shape.message, type: shape.type, param: null, code: shape.code },
  };
  return { status: step.status, headers, events: [JSON.stringify(body)] };
}
