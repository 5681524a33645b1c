/**
 * The conversation as every front end shows it, built from the event stream alone (`reduce.ts`) or from a
 * saved session (`transcript.ts`), the same either way. It holds what happened, never how it is drawn: no
 * colours, widths, scroll positions or clocks. Field names follow the events' (snake_case), so a front end
 * reading the wire and one reading this state see one vocabulary. See docs/conversation.md.
 */
import type { AgentEventBody, ApprovalRequestedEvent, ToolCallFinishedEvent } from "../protocol/events.ts";
import type { TodoItem } from "../protocol/todo.ts";
import type { Cost, Usage } from "../protocol/usage.ts";

/** A finished call's status, or `running` until its `tool_call_finished`. */
export type ToolCallStatus = "running" | ToolCallFinishedEvent["status"];

/** One tool call, at its place in the transcript from `tool_call_started` on. */
export interface ToolCallEntry {
  kind: "tool";
  call_id: string;
  tool: string;
  /** One line naming what it does: the command, the path, the pattern (`summary.ts`). */
  summary: string;
  status: ToolCallStatus;
  /** How long it ran; -1 while it runs, and when unknown (a call saved without its record, one never finished). */
  duration_ms: number;
  /** Why it failed or was denied: the first line of what the model was told. */
  reason?: string;
  /** Unified diff of the files an ok file-changing call changed (from its `details`). */
  diff?: string;
  /** What the model was told. */
  output?: string;
  /** A truncated shell call's full-output file (from its `details`). */
  full_output_path?: string;
  /** Set when the safety policy refused it: why, and how the user can allow such a call. */
  refusal?: ToolCallFinishedEvent["refusal"];
  /** While it runs, a shell call's whole `command` argument (the approval's summary may cut it). */
  command?: string;
  /** While it runs: the last non-empty line of its live output. */
  last_line?: string;
  /** While it waits for the workspace's first checkpoint: how far that got (`checkpoint_progress`). */
  checkpoint?: { done: number; total?: number };
}

export type Entry =
  /** A message the user sent; `steer` when it was sent while a turn ran and delivered into it. */
  | { kind: "user"; text: string; steer?: boolean }
  /** A finished assistant message (or what streamed of it before the turn ended). */
  | { kind: "assistant"; text: string }
  /** The model's visible reasoning before a message or a call. */
  | { kind: "reasoning"; text: string }
  | ToolCallEntry
  | { kind: "notice"; level: "info" | "warning" | "error"; text: string }
  /** The agent's plan as it stood when the turn ended. */
  | { kind: "todos"; items: readonly TodoItem[] };

/** A call waiting for the user's answer. */
export interface PendingApproval {
  call_id: string;
  tool: string;
  summary: string;
  risk?: ApprovalRequestedEvent["risk"];
  reasons: string[];
  /** The unified diff the call would make (the tool's preview). */
  diff?: string;
}

/** A steer the user sent while a turn ran: shown as delivered once a model request carries it. */
export interface QueuedSteer {
  text: string;
  /** A request that starts after this point carries the steer. */
  armed: boolean;
}

export interface Conversation {
  session_id: string;
  /** `provider/model`. */
  model: string;
  cwd: string;
  /** The permission mode, once known (given at creation, then each `mode_changed`). */
  mode?: string;
  /** The shell sandbox (one line), once known. */
  sandbox?: string;
  /** The transcript, oldest first. Entries are appended; only a running call's entry changes in place. */
  entries: readonly Entry[];
  /** Calls still running: call id → index in `entries`, in the order they started. */
  running: Readonly<Record<string, number>>;
  /** True from a sent message (or `turn_started`) to `turn_finished`. */
  turn_running: boolean;
  /** Assistant text of the message streaming now. */
  streaming: string;
  /** Reasoning streaming now (moved into `entries` when the message or a call begins). */
  reasoning: string;
  approval?: PendingApproval;
  steers: readonly QueuedSteer[];
  /** The plan from the last `todo` call of the running turn; an entry when the turn ends. */
  todos?: readonly TodoItem[];
  /** Tokens in the context after the last request, and the model's window (0 before any request). */
  context_tokens: number;
  context_window: number;
  session_usage?: Usage;
  session_cost?: Cost;
  /** Model requests over the session's finished turns. */
  steps: number;
  /** Calls the safety policy refused, over the session's finished turns. */
  refused: number;
  /** Set by `session_finished`. */
  finished: boolean;
}

/**
 * What a front end adds to the events: its user's own actions, which no event reports. A front end feeds
 * them to the same reducer, in the order they happen among the events.
 */
export type UserAction =
  /** A message sent when no turn runs (`user_input`): shown, and a turn is under way. */
  | { type: "user_message"; text: string }
  /** A message sent while a turn runs (`steer`): queued until a model request carries it. */
  | { type: "steer_queued"; text: string }
  /** The user answered the pending approval (the prompt goes; `tool_call_finished` follows). */
  | { type: "approval_answered"; call_id: string };

export type ConversationInput = AgentEventBody | UserAction;
