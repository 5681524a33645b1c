/**
 * Submissions: everything a front end sends into an agent session. Every front end (exec, TUI, SDK) speaks
 * only these; the agent answers only with {@link import("./events.ts").AgentEvent}s.
 */
import type { PermissionMode } from "./permissions.ts";

/** Start a turn with a user message. Queued if a turn is already running (it starts when that one ends). */
export interface UserInputSubmission {
  type: "user_input";
  text: string;
}

/**
 * A message typed while the agent works. It joins the next model request of the running turn as a user
 * message; the running tool call is not interrupted. With no turn running it behaves like `user_input`.
 */
export interface SteerSubmission {
  type: "steer";
  text: string;
}

/**
 * Abort the running turn: the model stream is cancelled and running tools' process groups are killed.
 * Every started tool call still gets a result (marked interrupted), so the transcript stays valid.
 */
export interface InterruptSubmission {
  type: "interrupt";
}

/** The answer to an `approval_requested` event with the same `call_id`. */
export interface ApprovalSubmission {
  type: "approval";
  call_id: string;
  /** `approve_always` approves this call and remembers the rule for the rest of the session. */
  decision: "approve" | "approve_always" | "deny";
  /** With `deny`: a note passed to the model, e.g. what to do instead. */
  note?: string;
}

/** Summarize older turns now, regardless of the auto-compaction threshold. */
export interface CompactSubmission {
  type: "compact";
}

/** Switch model for the following requests, across vendors if needed (`provider/model`). */
export interface SetModelSubmission {
  type: "set_model";
  model: string;
}

/**
 * Switch the permission mode, also while a turn runs: it applies from the next tool call the gate checks (a
 * call already checked, waiting for approval or running keeps its decision). Answered by `mode_changed`, or by
 * a non-fatal `error` (`mode_unavailable`, `unknown_mode`) when nothing changed.
 */
export interface SetModeSubmission {
  type: "set_mode";
  mode: PermissionMode;
}

/** End the session after the running turn is interrupted; emits `session_finished` last. */
export interface ShutdownSubmission {
  type: "shutdown";
}

export type Submission =
  | UserInputSubmission
  | SteerSubmission
  | InterruptSubmission
  | ApprovalSubmission
  | CompactSubmission
  | SetModelSubmission
  | SetModeSubmission
  | ShutdownSubmission;

export type SubmissionType = Submission["type"];
