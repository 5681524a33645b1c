/**
 * Events: everything an agent session reports. Every front end renders this one stream; `tandem exec --json`
 * prints it one event per line. Events carry deltas, never the accumulated whole, except the single
 * `message_done` per message. Begin/end pairs share an id (`turn_id`, `call_id`, `message_id`).
 * Every event carries the {@link EventEnvelope}, stamped in one place (src/core/event-log.ts).
 * See docs/events.md.
 */

import type { PermissionMode, Risk } from "./permissions.ts";
import type { RunSummary } from "./run-summary.ts";
import type { ToolKind } from "./tools.ts";
import type { Cost, Usage } from "./usage.ts";

/**
 * What every event carries besides its own fields, so it can be attributed and ordered. Only the core's event
 * log stamps it; nothing else constructs an envelope.
 */
export interface EventEnvelope {
  session_id: string;
  /** The agent that emitted it: `main` for the session's own agent (sub-agents get their own ids). */
  agent_id: string;
  /**
   * Position in the session's stream: strictly increasing per session (1, 2, 3, …, with no gaps), continued
   * across resumes. `subscribe({ after: seq })` replays from it.
   */
  seq: number;
}

export interface SessionStartedEvent {
  type: "session_started";
  session_id: string;
  /** The event protocol this stream speaks (`PROTOCOL_VERSION`, src/protocol/version.ts; changelog in docs/events.md). */
  protocol_version: number;
  /** `provider/model`. */
  model: string;
  cwd: string;
  /** True when an existing session was loaded (`--resume`). */
  resumed: boolean;
  /**
   * Totals of a resumed session's earlier model requests, so a front end shows them before the next request
   * (absent for a new session). Later `usage` events' `session_usage`/`session_cost` continue from these.
   */
  session_usage?: Usage;
  session_cost?: Cost;
}

export interface TurnStartedEvent {
  type: "turn_started";
  turn_id: string;
}

/** A piece of assistant text. */
export interface MessageDeltaEvent {
  type: "message_delta";
  turn_id: string;
  message_id: string;
  delta: string;
}

/** The assistant message is complete (one per model response that had text). */
export interface MessageDoneEvent {
  type: "message_done";
  turn_id: string;
  message_id: string;
  text: string;
}

/** A piece of the model's visible reasoning (summary or thinking text, where the vendor exposes it). */
export interface ReasoningDeltaEvent {
  type: "reasoning_delta";
  turn_id: string;
  message_id: string;
  delta: string;
}

export interface ToolCallStartedEvent {
  type: "tool_call_started";
  turn_id: string;
  call_id: string;
  tool: string;
  /** What the tool does, as it declares it (`other` for a tool that does not exist). */
  kind: ToolKind;
  /**
   * The arguments that run: the validated ones, or the safety gate's rewrite of them (a force push run with
   * `--force-with-lease`), or the raw ones when validation failed. Sent once the gate has decided, so a
   * front end never shows a command that did not run.
   */
  arguments: unknown;
}

/**
 * Live output of a running tool (shell stdout/stderr), bounded: the first 256 KiB of a call whole, then at
 * most the newest 8 KiB of a stream per 500 ms (src/core/live-output.ts). The model sees its own capped copy;
 * the shell's full-output file has every byte.
 */
export interface ToolOutputDeltaEvent {
  type: "tool_output_delta";
  call_id: string;
  stream: "stdout" | "stderr";
  chunk: string;
  /** Bytes of this stream left out just before `chunk`; absent when none were. */
  dropped?: number;
}

export interface ToolCallFinishedEvent {
  type: "tool_call_finished";
  turn_id: string;
  call_id: string;
  tool: string;
  /** The same as the call's `tool_call_started.kind`. */
  kind: ToolKind;
  /** `error`: the tool failed or its arguments were invalid; `denied`: refused by policy or the user. */
  status: "ok" | "error" | "denied" | "interrupted";
  /** What the model was given. */
  content: string;
  /** Tool-specific structured data for the UI (diffs, exit code, ...). */
  details?: unknown;
  /**
   * Only on an event replayed from the session file: its `details` were not kept there (over 64 KiB of JSON, or
   * not JSON), as with the session's tool record.
   */
  details_dropped?: "too_large" | "not_json";
  /**
   * Present when the safety policy refused the call (`status: "denied"`; not when the user said no, nor when the
   * guard stopped a destructive command for the model to re-issue with a justification): why, and the ways the
   * user can let such a call run (a `rules.toml` rule, written out; a mode or sandbox; approving it in the UI).
   */
  refusal?: { reason: string; how_to_allow: string[] };
  duration_ms: number;
}

/** The agent waits for an `approval` submission with this `call_id` before running the call. */
export interface ApprovalRequestedEvent {
  type: "approval_requested";
  turn_id: string;
  call_id: string;
  tool: string;
  /** One line: what would run, e.g. the command. */
  summary: string;
  risk?: Risk;
  reasons?: string[];
  /**
   * The unified diff the call would make (from the tool's `preview`: `edit`, `write`, `apply_patch`), computed
   * without writing. At most 500 lines of at most 500 characters; a cut ends in a `\ …` line saying so.
   */
  diff?: string;
}

/** Token usage and cost of one model request, with session totals. */
export interface UsageEvent {
  type: "usage";
  turn_id: string;
  usage: Usage;
  cost: Cost;
  session_usage: Usage;
  session_cost: Cost;
  /** Tokens in the context after this request (input + output), for a "context used" gauge. */
  context_tokens: number;
  context_window: number;
}

/** A provider request failed with a retryable error and will be retried after `delay_ms`. */
export interface RetryEvent {
  type: "retry";
  turn_id: string;
  attempt: number;
  delay_ms: number;
  reason: string;
}

/** Older history was summarized. */
export interface CompactedEvent {
  type: "compacted";
  turn_id?: string;
  tokens_before: number;
  tokens_after: number;
  /** `auto` when the context threshold was crossed, `manual` for a `compact` submission. */
  trigger: "auto" | "manual";
}

/** The model was switched (by `set_model`). */
export interface ModelChangedEvent {
  type: "model_changed";
  model: string;
}

/** The permission mode was switched (by `set_mode`); it applies from the next tool call. */
export interface ModeChangedEvent {
  type: "mode_changed";
  mode: PermissionMode;
  /** The shell sandbox from the next command on (one line), when the session has one. */
  sandbox?: string;
  /** Why the sandbox did not follow the mode (chosen at start, or not available here). */
  note?: string;
}

/**
 * Before a changing call runs, the workspace's first checkpoint is still being recorded (a big workspace, the first
 * time): how far it got, in files. Sent only once it has taken over a second, then about once a second, and once
 * more with `done === total` when a total was known; the call's `tool_call_finished` follows as usual.
 */
export interface CheckpointProgressEvent {
  type: "checkpoint_progress";
  call_id: string;
  /** Files recorded so far. */
  done: number;
  /** Files to record in all, when known. */
  total?: number;
}

/** Something the user should know that is not an error (e.g. an unknown model uses default limits). */
export interface NoticeEvent {
  type: "notice";
  level: "info" | "warning";
  message: string;
  /** A stable name for notices a script may act on: `output_limit` (an answer cut at the output limit). */
  code?: "output_limit";
  turn_id?: string;
}

/** An error. `fatal` errors end the turn (a `turn_finished` with status `failed` follows). */
export interface ErrorEvent {
  type: "error";
  turn_id?: string;
  /** Stable machine-readable code, e.g. `auth`, `rate_limit`, `network`, `context_overflow`. */
  code: string;
  /** What happened, what was kept, what to do next. Never contains secrets. */
  message: string;
  fatal: boolean;
}

export interface TurnFinishedEvent {
  type: "turn_finished";
  turn_id: string;
  status: "done" | "interrupted" | "failed";
  /** Why it failed or stopped early, e.g. `max_steps`. */
  reason?: string;
  /** Model requests made in this turn. */
  steps: number;
  /** Tool calls in this turn the safety policy refused (those with `refusal`); absent when none. */
  refused?: number;
}

export interface SessionFinishedEvent {
  type: "session_finished";
  session_id: string;
  usage: Usage;
  cost: Cost;
  /** Added by `tandem exec` (the agent never sets it): what the run changed and how to resume. */
  summary?: RunSummary;
}

/**
 * Told to one subscriber only (never persisted, never replayed), and its last event: it stopped getting the
 * stream. `overflow`: it fell more than its buffer behind; `subscribe({ after: last_seq })` resyncs.
 * `not_retained`: the events it asked for are neither in memory nor in the session file (a memory-only session,
 * or a file that could not be written); `first_available_seq` is the oldest that can still be replayed. Its
 * envelope's `seq` repeats `last_seq` (it has no place of its own in the stream).
 */
export interface EventsLostEvent {
  type: "events_lost";
  reason: "overflow" | "not_retained";
  /** The first seq this subscriber did not get. */
  first_missed_seq: number;
  /** The last seq it got (its `after` when it got none). */
  last_seq: number;
  /** With `not_retained`: the oldest seq still available, when there is one. */
  first_available_seq?: number;
}

/** An event as the core emits it, before the event log stamps the envelope. */
export type AgentEventBody =
  | SessionStartedEvent
  | TurnStartedEvent
  | MessageDeltaEvent
  | MessageDoneEvent
  | ReasoningDeltaEvent
  | ToolCallStartedEvent
  | ToolOutputDeltaEvent
  | ToolCallFinishedEvent
  | ApprovalRequestedEvent
  | UsageEvent
  | RetryEvent
  | CompactedEvent
  | ModelChangedEvent
  | ModeChangedEvent
  | NoticeEvent
  | CheckpointProgressEvent
  | ErrorEvent
  | TurnFinishedEvent
  | SessionFinishedEvent
  | EventsLostEvent;

/** An event as subscribers get it: its body and the envelope. */
export type AgentEvent = AgentEventBody & EventEnvelope;

export type AgentEventType = AgentEvent["type"];
