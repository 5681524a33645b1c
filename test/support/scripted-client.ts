/**
 * A scripted in-memory ProviderClient for core-loop tests: each model request takes the next scripted
 * response and yields it as normalized StreamEvents; every request is recorded (deep-copied). The only fake
 * in the core tests is this model.
 */
import type { Usage } from "../../src/protocol/usage.ts";
import type {
  AssistantMessage,
  ModelEntry,
  ModelRequest,
  ProviderClient,
  ProviderError,
  StreamEvent,
  ToolCallBlock,
} from "../../src/providers/types.ts";

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** A string is passed as invalid JSON (`invalidArguments`). */
  arguments: Record<string, unknown> | string;
}

export interface ReplyScript {
  text?: string;
  reasoning?: string;
  toolCalls?: ScriptedToolCall[];
  usage?: Partial<Usage>;
  /** Wait before each event; an abort during the wait ends the stream as aborted. */
  delayMs?: number;
  /** Retry events to yield first (the retry wrapper's behaviour). */
  retries?: number;
}

export interface ErrorScript {
  error: Omit<ProviderError, "retryable"> & { retryable?: boolean };
  /** Text streamed before the error (a partial answer). */
  partialText?: string;
  /** More blocks the partial message holds (e.g. a tool call cut off by the error). */
  partialContent?: AssistantMessage["content"];
}

/** Streams `text` (if any), then waits until the request is aborted. */
export interface HangScript {
  hang: true;
  text?: string;
  /** Behave like a broken client that never notices the abort (the stream just stops). */
  ignoreAbort?: boolean;
}

export type ScriptStep =
  | ReplyScript
  | ErrorScript
  | HangScript
  | ((request: RecordedRequest) => ReplyScript | ErrorScript | HangScript);

export interface RecordedRequest {
  model: string;
  system: string;
  messages: ModelRequest["messages"];
  tools: ModelRequest["tools"];
}

export interface ScriptedClient extends ProviderClient {
  readonly requests: RecordedRequest[];
  /** Responses not used yet. */
  remaining(): number;
}

export const defaultUsage: Usage = { input: 100, cached_input: 0, cache_write: 0, output: 20, reasoning: 0 };

let callCounter = 0;

export function createScriptedClient(script: ScriptStep[]): ScriptedClient {
  const steps = [...script];
  const requests: RecordedRequest[] = [];
  return {
    protocol: "openai-responses",
    requests,
    remaining: () => steps.length,
    stream(request) {
      const recorded: RecordedRequest = structuredClone({
        model: request.model.id,
        system: request.system,
        messages: request.messages,
        tools: request.tools,
      });
      requests.push(recorded);
      const next = steps.shift();
      const step = typeof next === "function" ? next(recorded) : next;
      return play(step, request);
    },
  };
}

async function* play(
  step: ReplyScript | ErrorScript | HangScript | undefined,
  request: ModelRequest,
): AsyncIterable<StreamEvent> {
  const message = (
    content: AssistantMessage["content"],
    usage: Usage,
    stop: AssistantMessage["stopReason"],
  ) =>
    ({
      role: "assistant",
      content,
      model: request.model.id,
      protocol: "openai-responses",
      usage,
      stopReason: stop,
    }) as AssistantMessage;
  const aborted = (content: AssistantMessage["content"]): StreamEvent => ({
    type: "error",
    message: message(content, zero(), "aborted"),
    error: { kind: "aborted", message: "aborted", retryable: false },
  });
  if (!step) {
    yield {
      type: "error",
      message: message([], zero(), "error"),
      error: { kind: "protocol", message: "scripted client: no scripted response left", retryable: false },
    };
    return;
  }
  if ("error" in step) {
    const content: AssistantMessage["content"] = [];
    if (step.partialText) {
      yield { type: "text_delta", index: 0, delta: step.partialText };
      content.push({ type: "text", text: step.partialText });
    }
    yield {
      type: "error",
      message: message(content, zero(), "error"),
      error: { retryable: false, ...step.error },
    };
    return;
  }
  if ("hang" in step) {
    const content: AssistantMessage["content"] = [];
    if (step.text) {
      yield { type: "text_delta", index: 0, delta: step.text };
      content.push({ type: "text", text: step.text });
    }
    if (step.ignoreAbort) {
      await new Promise((resolve) => setTimeout(resolve, 60_000).unref());
      return;
    }
    await untilAborted(request.signal);
    yield aborted(content);
    return;
  }
  const usage = { ...defaultUsage, ...step.usage };
  const content: AssistantMessage["content"] = [];
  const pause = async () => {
    if (step.delayMs) await sleep(step.delayMs, request.signal);
    return request.signal?.aborted ?? false;
  };
  for (let attempt = 1; attempt <= (step.retries ?? 0); attempt++) {
    yield {
      type: "retry",
      attempt,
      delayMs: 1,
      error: { kind: "rate_limit", status: 429, message: "rate limited", retryable: true },
    };
  }
  if (step.reasoning) {
    if (await pause()) return yield aborted(content);
    yield { type: "thinking_delta", index: content.length, delta: step.reasoning };
    content.push({ type: "thinking", text: step.reasoning });
  }
  if (step.text) {
    // Two deltas, so tests see deltas rather than the whole.
    const half = Math.ceil(step.text.length / 2);
    const index = content.length;
    for (const piece of [step.text.slice(0, half), step.text.slice(half)]) {
      if (!piece) continue;
      if (await pause()) return yield aborted(content);
      yield { type: "text_delta", index, delta: piece };
    }
    content.push({ type: "text", text: step.text });
  }
  for (const call of step.toolCalls ?? []) {
    if (await pause()) return yield aborted(content);
    const index = content.length;
    const id = call.id ?? `call_${++callCounter}`;
    const raw = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
    yield { type: "tool_call_start", index, id, name: call.name };
    yield { type: "tool_call_delta", index, delta: raw };
    const block: ToolCallBlock =
      typeof call.arguments === "string"
        ? { type: "tool_call", id, name: call.name, arguments: {}, invalidArguments: call.arguments }
        : { type: "tool_call", id, name: call.name, arguments: call.arguments };
    yield { type: "tool_call_end", index, call: block };
    content.push(block);
  }
  const stop = step.toolCalls?.length ? "tool_use" : "stop";
  yield { type: "done", message: message(content, usage, stop) };
}

const zero = (): Usage => ({ input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 });

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

function untilAborted(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (!signal || signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/** A catalog entry for tests: $1 / $10 per million input / output tokens, 100k window. */
export function testModel(id = "test/model-a", overrides: Partial<ModelEntry> = {}): ModelEntry {
  const [provider = "test", model = id] = id.split("/");
  return {
    id,
    provider,
    model,
    contextWindow: 100_000,
    maxOutput: 8_000,
    prices: { input: 1, output: 10 },
    capabilities: { tools: true, reasoning: false, images: false, editFormat: "edit" },
    ...overrides,
  };
}
