/**
 * The events→conversation reducer every front end uses: `reduceConversation(state, input)` returns the next
 * state and never changes the one it was given (unchanged parts are shared), so a front end may keep old
 * states, compare them by reference, or hand them to a view library. Inputs are the agent's events plus the
 * user's own actions (`UserAction`), which no event reports.
 */

import type { AgentEventBody, ToolCallFinishedEvent } from "../protocol/events.ts";
import type { ToolKind } from "../protocol/tools.ts";
import { compactedText, modeChangedText, retryText } from "./notices.ts";
import { summarizeArguments } from "./summary.ts";
import { diffFromDetails, firstLine, fullOutputOf, planOf } from "./tool-details.ts";
import type { Conversation, ConversationInput, Entry, QueuedSteer, ToolCallEntry } from "./types.ts";

export interface ConversationOptions {
  /** `provider/model` until `session_started` says. Default "". */
  model?: string;
  /** The session's folder until `session_started` says. Default "". */
  cwd?: string;
  /** The permission mode in force, when the front end knows it before the first `mode_changed`. Default unset. */
  mode?: string;
  /** The shell sandbox in force (one line). Default unset. */
  sandbox?: string;
}

export function createConversation(options: ConversationOptions = {}): Conversation {
  return {
    session_id: "",
    model: options.model ?? "",
    cwd: options.cwd ?? "",
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    entries: [],
    running: {},
    turn_running: false,
    streaming: "",
    reasoning: "",
    steers: [],
    context_tokens: 0,
    context_window: 0,
    steps: 0,
    refused: 0,
    finished: false,
  };
}

/** The entries of the calls still running, in the order they started. */
export function runningCalls(state: Conversation): ToolCallEntry[] {
  return Object.values(state.running).flatMap((i) => {
    const entry = state.entries[i];
    return entry?.kind === "tool" ? [entry] : [];
  });
}

/** The running call `callId`'s entry, or undefined when it is not running. */
export function runningCall(state: Conversation, callId: string): ToolCallEntry | undefined {
  const index = state.running[callId];
  const entry = index === undefined ? undefined : state.entries[index];
  return entry?.kind === "tool" ? entry : undefined;
}

const append = (s: Conversation, ...entries: Entry[]): Conversation =>
  entries.length === 0 ? s : { ...s, entries: [...s.entries, ...entries] };

/** Streamed reasoning becomes an entry once the message or call it led to begins. */
function flushReasoning(s: Conversation): Conversation {
  if (!s.reasoning) return s;
  const text = s.reasoning.trim();
  return { ...append(s, ...(text ? [{ kind: "reasoning" as const, text }] : [])), reasoning: "" };
}

/** Delivers the armed steers (all of them when `all`) as user entries. */
function deliverSteers(s: Conversation, all: boolean): Conversation {
  if (s.steers.length === 0) return s;
  const keep: QueuedSteer[] = [];
  const delivered: Entry[] = [];
  for (const steer of s.steers) {
    if (all || steer.armed) delivered.push({ kind: "user", text: steer.text, steer: true });
    else keep.push(steer);
  }
  return delivered.length === 0 ? s : { ...append(s, ...delivered), steers: keep };
}

const arm = (s: Conversation): Conversation =>
  s.steers.some((st) => !st.armed) ? { ...s, steers: s.steers.map((st) => ({ ...st, armed: true })) } : s;

/** Replaces the running call `callId`'s entry; the state unchanged when it is not running. */
function updateCall(
  s: Conversation,
  callId: string,
  change: (entry: ToolCallEntry) => ToolCallEntry,
): Conversation {
  const index = s.running[callId];
  const entry = index === undefined ? undefined : s.entries[index];
  if (index === undefined || entry?.kind !== "tool") return s;
  const entries = [...s.entries];
  entries[index] = change(entry);
  return { ...s, entries };
}

const withoutRunning = (s: Conversation, callId: string): Conversation => {
  const { [callId]: _gone, ...running } = s.running;
  return { ...s, running };
};

/** A finished call's entry, from its event: what the live view and the resume transcript both show. */
export function finishedCall(
  base: Pick<ToolCallEntry, "call_id" | "tool" | "summary">,
  event: Pick<ToolCallFinishedEvent, "status" | "content" | "details" | "duration_ms" | "refusal"> & {
    kind?: ToolKind;
  },
): ToolCallEntry {
  const diff = event.status === "ok" ? diffFromDetails(event.kind, event.details) : undefined;
  const fullOutput = fullOutputOf(event.details);
  return {
    kind: "tool",
    call_id: base.call_id,
    tool: base.tool,
    summary: base.summary,
    status: event.status,
    duration_ms: event.duration_ms,
    ...(event.status === "error" || event.status === "denied" ? { reason: firstLine(event.content) } : {}),
    ...(diff ? { diff } : {}),
    ...(event.content ? { output: event.content } : {}),
    ...(fullOutput ? { full_output_path: fullOutput } : {}),
    ...(event.refusal ? { refusal: event.refusal } : {}),
  };
}

const lastLineOf = (chunk: string) =>
  chunk
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);

/**
 * The next state. Steers: the request in flight when a steer is sent does not carry it; the next one does. So
 * a steer is armed by the end of a response (`usage`) or of a tool call, and delivered when the next request
 * answers (its first text, or its `usage` for a tool-only response) or a turn starts.
 */
export function reduceConversation(state: Conversation, input: ConversationInput): Conversation {
  switch (input.type) {
    case "user_message":
      return { ...append(state, { kind: "user", text: input.text }), turn_running: true };
    case "steer_queued":
      return { ...state, steers: [...state.steers, { text: input.text, armed: false }] };
    case "approval_answered":
      return state.approval?.call_id === input.call_id ? { ...state, approval: undefined } : state;
    default:
      return reduceEvent(state, input);
  }
}

function reduceEvent(state: Conversation, event: AgentEventBody): Conversation {
  let s = state;
  switch (event.type) {
    case "session_started":
      return {
        ...s,
        session_id: event.session_id,
        model: event.model,
        cwd: event.cwd,
        ...(event.session_usage ? { session_usage: event.session_usage } : {}),
        ...(event.session_cost ? { session_cost: event.session_cost } : {}),
      };
    case "turn_started":
      return { ...deliverSteers(s, true), turn_running: true };
    case "reasoning_delta":
      s = deliverSteers(s, false);
      return { ...s, reasoning: s.reasoning + event.delta };
    case "message_delta":
      s = flushReasoning(deliverSteers(s, false));
      return { ...s, streaming: s.streaming + event.delta };
    case "message_done":
      s = flushReasoning(s);
      return {
        ...append(s, ...(event.text.trim() ? [{ kind: "assistant" as const, text: event.text }] : [])),
        streaming: "",
      };
    case "usage":
      s = arm(deliverSteers(s, false));
      return {
        ...s,
        context_tokens: event.context_tokens,
        context_window: event.context_window,
        session_usage: event.session_usage,
        session_cost: event.session_cost,
      };
    case "tool_call_started": {
      s = flushReasoning(s);
      const command = (event.arguments as { command?: unknown } | undefined)?.command;
      const entry: ToolCallEntry = {
        kind: "tool",
        call_id: event.call_id,
        tool: event.tool,
        summary: summarizeArguments(event.arguments),
        status: "running",
        duration_ms: -1,
        ...(typeof command === "string" && command ? { command } : {}),
      };
      return { ...append(s, entry), running: { ...s.running, [event.call_id]: s.entries.length } };
    }
    case "tool_output_delta": {
      const line = lastLineOf(event.chunk);
      return line ? updateCall(s, event.call_id, (e) => ({ ...e, last_line: line })) : s;
    }
    case "checkpoint_progress": {
      const checkpoint = { done: event.done, ...(event.total === undefined ? {} : { total: event.total }) };
      return updateCall(s, event.call_id, (e) => ({ ...e, checkpoint }));
    }
    case "approval_requested":
      return {
        ...s,
        approval: {
          call_id: event.call_id,
          tool: event.tool,
          summary: event.summary,
          ...(event.risk ? { risk: event.risk } : {}),
          reasons: event.reasons ?? [],
          ...(event.diff ? { diff: event.diff } : {}),
        },
      };
    case "tool_call_finished": {
      const running = runningCall(s, event.call_id);
      if (running) s = updateCall(s, event.call_id, (e) => finishedCall(e, event));
      else s = append(s, finishedCall({ call_id: event.call_id, tool: event.tool, summary: "" }, event));
      s = withoutRunning(s, event.call_id);
      if (s.approval?.call_id === event.call_id) s = { ...s, approval: undefined };
      const plan = planOf(event.kind, event.status, event.details);
      return arm(plan ? { ...s, todos: plan } : s);
    }
    case "retry":
      return append(s, { kind: "notice", level: "info", text: retryText(event) });
    case "compacted":
      return {
        ...append(s, { kind: "notice", level: "info", text: compactedText(event) }),
        context_tokens: event.tokens_after,
      };
    case "model_changed":
      return {
        ...append(s, { kind: "notice", level: "info", text: `model: ${event.model}` }),
        model: event.model,
      };
    case "mode_changed":
      return {
        ...append(s, { kind: "notice", level: "info", text: modeChangedText(event) }),
        mode: event.mode,
        ...(event.sandbox ? { sandbox: event.sandbox } : {}),
      };
    case "notice":
      return append(s, { kind: "notice", level: event.level, text: event.message });
    case "error":
      return append(s, { kind: "notice", level: "error", text: event.message });
    case "turn_finished":
      return finishTurn(s, event);
    case "session_finished":
      return { ...s, finished: true };
    default:
      return s;
  }
}

/** The turn's loose ends: streamed text kept, calls left running marked interrupted, the plan committed. */
function finishTurn(
  state: Conversation,
  event: Extract<AgentEventBody, { type: "turn_finished" }>,
): Conversation {
  let s = flushReasoning(state);
  if (s.streaming.trim()) s = append(s, { kind: "assistant", text: s.streaming });
  for (const callId of Object.keys(s.running)) {
    s = updateCall(s, callId, (e) => ({
      kind: "tool",
      call_id: e.call_id,
      tool: e.tool,
      summary: e.summary,
      status: "interrupted",
      duration_ms: -1,
    }));
  }
  if (s.todos) s = append(s, { kind: "todos", items: s.todos });
  if (event.status === "interrupted") s = append(s, { kind: "notice", level: "info", text: "interrupted" });
  return {
    ...s,
    streaming: "",
    running: {},
    approval: undefined,
    todos: undefined,
    turn_running: false,
    steps: s.steps + event.steps,
    refused: s.refused + (event.refused ?? 0),
  };
}
