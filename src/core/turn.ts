/**
 * One turn: the user's message, then model requests and tool runs until a response asks for no tools.
 * Steering messages join the next request, after the current tool results. The history stays valid however
 * the turn ends: every tool call has its result, a failed response keeps only its text.
 */
import type { AgentEventBody, TurnFinishedEvent } from "../protocol/events.ts";
import type { Usage } from "../protocol/usage.ts";
import type {
  Message,
  ModelEntry,
  ProviderClient,
  ReasoningEffort,
  ToolCallBlock,
} from "../providers/types.ts";
import { type HistoryItem, keepablePartial, textOf, userMessage } from "./history.ts";
import { maxContinuations, outputLimitNote, outputLimitNotice } from "./output-limit.ts";
import { streamResponse } from "./stream-response.ts";
import type { AnyTool } from "./tool.ts";
import { toolSpec } from "./tool-lookup.ts";
import type { ToolRun } from "./tool-runner.ts";

export interface ActiveModel {
  entry: ModelEntry;
  client: ProviderClient;
  tools: AnyTool[];
  system: string;
}

/** What a turn needs from the agent. */
export interface TurnHost {
  emit(event: AgentEventBody): void;
  /** Read before every request, so a `set_model` applies to the next one. */
  active(): ActiveModel;
  history(): readonly HistoryItem[];
  /**
   * Appends to the history and the session file. `note`: a message the harness wrote for the model (the
   * output-limit note), sent as a user message but never shown as something the user typed.
   */
  append(message: Message, options?: { note?: boolean }): void;
  /** Steering messages received since the last call. */
  takeSteers(): string[];
  hasSteers(): boolean;
  /** Reports a request's usage; returns nothing, but may make `needsCompaction` true. */
  account(usage: Usage, turnId: string): void;
  needsCompaction(): boolean;
  /** Auto compaction; false when it could not shrink the history. */
  compact(turnId: string): Promise<boolean>;
  runTools(calls: ToolCallBlock[], turnId: string): Promise<ToolRun>;
  newMessageId(): string;
  signal: AbortSignal;
  maxSteps: number;
  reasoningEffort?: ReasoningEffort;
  cacheKey?: string;
}

export interface TurnOutcome {
  status: TurnFinishedEvent["status"];
  reason?: string;
  steps: number;
}

export async function runTurn(host: TurnHost, turnId: string, texts: string[]): Promise<TurnOutcome> {
  const { signal } = host;
  host.append(userMessage(...texts));
  let steps = 0;
  let overflowRetried = false;
  /** Cut text answers continued in a row (reset by any answer that was not cut). */
  let continuations = 0;
  while (true) {
    if (signal.aborted) return { status: "interrupted", steps };
    if (host.needsCompaction()) {
      await host.compact(turnId);
      if (signal.aborted) return { status: "interrupted", steps };
    }
    if (steps >= host.maxSteps) {
      host.emit({
        type: "error",
        turn_id: turnId,
        code: "max_steps",
        message: `stopped after ${host.maxSteps} model requests in one turn (the limit). The history is kept; send a message to continue, or raise the limit.`,
        fatal: true,
      });
      return { status: "failed", reason: "max_steps", steps };
    }
    const steers = host.takeSteers();
    if (steers.length > 0) host.append(userMessage(...steers));

    steps++;
    const active = host.active();
    const messageId = host.newMessageId();
    const outcome = await streamResponse({
      client: active.client,
      request: {
        model: active.entry,
        system: active.system,
        messages: host.history().map((item) => item.message),
        tools: active.tools.map(toolSpec),
        signal,
        ...(host.reasoningEffort ? { reasoningEffort: host.reasoningEffort } : {}),
        ...(host.cacheKey ? { cacheKey: host.cacheKey } : {}),
      },
      forward: { turnId, messageId, emit: host.emit },
      onRetry: (event) =>
        host.emit({
          type: "retry",
          turn_id: turnId,
          attempt: event.attempt,
          delay_ms: event.delayMs,
          reason: event.error.message,
        }),
    });

    if (!outcome.ok) {
      const partial = keepablePartial(outcome.message);
      if (partial) {
        host.append(partial);
        host.emit({ type: "message_done", turn_id: turnId, message_id: messageId, text: textOf(partial) });
      }
      const usage = outcome.message.usage;
      if (usage.input + usage.output + usage.cached_input + usage.cache_write > 0)
        host.account(usage, turnId);
      if (signal.aborted || outcome.error.kind === "aborted") return { status: "interrupted", steps };
      if (outcome.error.kind === "context_overflow" && !overflowRetried && !partial) {
        // The window is full: summarize older turns and try the request once more.
        overflowRetried = true;
        if (await host.compact(turnId)) continue;
      }
      const kept = partial
        ? "The conversation so far, including the partial answer, is kept"
        : "The conversation so far is kept";
      host.emit({
        type: "error",
        turn_id: turnId,
        code: outcome.error.kind,
        message: `${outcome.error.message} ${kept}; send a message to continue.`,
        fatal: true,
      });
      return { status: "failed", reason: outcome.error.kind, steps };
    }

    const message = outcome.message;
    // An empty response adds nothing; some vendors reject an assistant message without content.
    if (message.content.length > 0) host.append(message);
    const text = textOf(message);
    if (text) host.emit({ type: "message_done", turn_id: turnId, message_id: messageId, text });
    host.account(message.usage, turnId);

    const calls = message.content.filter((block): block is ToolCallBlock => block.type === "tool_call");
    const cut = message.stopReason === "length";
    const limit = active.entry.maxOutput;
    const notice = (text: string) =>
      host.emit({ type: "notice", level: "warning", code: "output_limit", turn_id: turnId, message: text });
    if (!cut) continuations = 0;
    if (calls.length === 0) {
      if (cut && !signal.aborted) {
        if (continuations < maxContinuations) {
          continuations++;
          notice(outputLimitNotice(limit, { continuing: continuations }));
          host.append(userMessage(outputLimitNote(limit, false)), { note: true });
          continue;
        }
        // The notes so far told the model; the user decides whether to go on.
        notice(outputLimitNotice(limit, { gaveUp: true }));
      }
      // A steer that arrived during the final response still gets an answer in this turn.
      if (host.hasSteers() && !signal.aborted) continue;
      return { status: "done", steps };
    }
    // Said before the calls run, next to the answer it is about; the note follows their results.
    if (cut) notice(outputLimitNotice(limit, { calledTools: true }));
    const { results, fatal } = await host.runTools(calls, turnId);
    for (const result of results) host.append(result);
    if (signal.aborted) return { status: "interrupted", steps };
    if (fatal) {
      // Every call has its result, so the history stays valid and the next message can go on from here.
      host.emit({
        type: "error",
        turn_id: turnId,
        code: "tool_fatal",
        message: `${fatal.tool} failed and cannot go on: ${fatal.message}. The conversation so far is kept; send a message to continue.`,
        fatal: true,
      });
      return { status: "failed", reason: "tool_fatal", steps };
    }
    if (cut) host.append(userMessage(outputLimitNote(limit, true)), { note: true });
  }
}
