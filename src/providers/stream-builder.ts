/**
 * Builds the normalized {@link AssistantMessage} while a client parses its vendor's stream, and makes the
 * matching {@link StreamEvent}s. Clients call it once per vendor delta; it keeps block indices consistent
 * (`index` = position in the final `content`) and ends every stream the same way: `done` with the whole
 * message, or `error` with the partial one (text and finished tool calls kept, unfinished tool calls dropped).
 */
import type { Usage } from "../protocol/usage.ts";
import type {
  AssistantMessage,
  ModelRequest,
  ProtocolId,
  ProviderError,
  StopReason,
  StreamEvent,
  TextBlock,
  ThinkingBlock,
  ToolCallBlock,
  VendorState,
} from "./types.ts";
import { emptyUsage } from "./usage.ts";

interface OpenToolCall {
  id: string;
  name: string;
  args: string;
}

export interface StreamBuilder {
  /** True once any text, thinking or tool call has been produced (the retry wrapper's rule, made visible). */
  readonly produced: boolean;
  usage: Usage;
  text(delta: string): StreamEvent;
  thinking(delta: string): StreamEvent;
  /** Starts a fresh text/thinking block even if the last block has the same type (a new vendor item). */
  breakBlock(): void;
  /** Attaches vendor state to the current thinking block, creating an empty one if there is none. */
  thinkingVendor(vendor: VendorState): void;
  /** Opens a tool call; returns its block index. */
  toolCallStart(id: string, name: string): { index: number; event: StreamEvent };
  toolCallDelta(index: number, delta: string): StreamEvent;
  /** Sets the name of an open call that started without one (some servers send it in a later delta). */
  toolCallName(index: number, name: string): void;
  /** Closes a tool call; `finalArgs` (when the vendor sends the whole text at the end) wins over the deltas. */
  toolCallEnd(index: number, finalArgs?: string): StreamEvent | undefined;
  /** Ends every open tool call (a vendor that signals the end only by finishing the stream). */
  endOpenToolCalls(): StreamEvent[];
  hasToolCalls(): boolean;
  done(stopReason: Exclude<StopReason, "error" | "aborted">): StreamEvent;
  fail(error: ProviderError): StreamEvent;
}

export function createStreamBuilder(request: ModelRequest, protocol: ProtocolId): StreamBuilder {
  const content: AssistantMessage["content"] = [];
  const open = new Map<number, OpenToolCall>();
  const ended = new Set<number>();
  let current: TextBlock | ThinkingBlock | undefined;
  let produced = false;

  function block<T extends "text" | "thinking">(type: T): number {
    if (current?.type !== type) {
      current = type === "text" ? { type: "text", text: "" } : { type: "thinking", text: "" };
      content.push(current);
    }
    produced = true;
    return content.length - 1;
  }

  function message(stopReason: StopReason, errorMessage?: string): AssistantMessage {
    const kept = content.filter((b, i) => b.type !== "tool_call" || ended.has(i));
    const msg: AssistantMessage = {
      role: "assistant",
      content: kept,
      model: request.model.id,
      protocol,
      usage: builder.usage,
      stopReason,
    };
    if (errorMessage !== undefined) msg.errorMessage = errorMessage;
    return msg;
  }

  const builder: StreamBuilder = {
    get produced() {
      return produced;
    },
    usage: emptyUsage(),
    text(delta) {
      const index = block("text");
      (current as TextBlock).text += delta;
      return { type: "text_delta", index, delta };
    },
    thinking(delta) {
      const index = block("thinking");
      (current as ThinkingBlock).text += delta;
      return { type: "thinking_delta", index, delta };
    },
    breakBlock() {
      current = undefined;
    },
    thinkingVendor(vendor) {
      block("thinking");
      (current as ThinkingBlock).vendor = vendor;
    },
    toolCallStart(id, name) {
      current = undefined;
      produced = true;
      const placeholder: ToolCallBlock = { type: "tool_call", id, name, arguments: {} };
      content.push(placeholder);
      const index = content.length - 1;
      open.set(index, { id, name, args: "" });
      return { index, event: { type: "tool_call_start", index, id, name } };
    },
    toolCallDelta(index, delta) {
      const call = open.get(index);
      if (call) call.args += delta;
      return { type: "tool_call_delta", index, delta };
    },
    toolCallName(index, name) {
      const call = open.get(index);
      if (call && !call.name) call.name = name;
    },
    toolCallEnd(index, finalArgs) {
      const call = open.get(index);
      if (!call) return undefined;
      open.delete(index);
      ended.add(index);
      const done: ToolCallBlock = { type: "tool_call", id: call.id, name: call.name, arguments: {} };
      const parsed = parseArguments(finalArgs ?? call.args);
      if (parsed === undefined) done.invalidArguments = finalArgs ?? call.args;
      else done.arguments = parsed;
      content[index] = done;
      return { type: "tool_call_end", index, call: done };
    },
    endOpenToolCalls() {
      const events: StreamEvent[] = [];
      for (const index of [...open.keys()]) {
        const end = builder.toolCallEnd(index);
        if (end) events.push(end);
      }
      return events;
    },
    hasToolCalls: () => ended.size > 0 || open.size > 0,
    done: (stopReason) => ({ type: "done", message: message(stopReason) }),
    fail(error) {
      const stopReason: StopReason = error.kind === "aborted" ? "aborted" : "error";
      return { type: "error", message: message(stopReason, error.message), error };
    },
  };
  return builder;
}

/**
 * Tool-call arguments: a JSON object, or `undefined` when the text is not one. Empty text is `{}` (models
 * send nothing for tools without parameters).
 */
export function parseArguments(text: string): Record<string, unknown> | undefined {
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    return undefined;
  } catch {
    return undefined;
  }
}

/** A vendor tool-call id made safe for every vendor: `[A-Za-z0-9_-]{1,64}`; generated when missing. */
export function normalizeCallId(raw: string | undefined): string {
  const cleaned = (raw ?? "").replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
  return cleaned || `call_${Math.random().toString(36).slice(2, 14)}`;
}
