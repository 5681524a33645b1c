/**
 * tandem as a library: one call builds a session (the same composition root as the CLI's, agent-session.ts)
 * and returns a handle to drive it from code: `run` a prompt to its end, `steer` while it works, read the
 * events, answer approvals, `close`. See docs/sdk.md.
 */
import type { Agent, EventSubscription, SubscribeOptions } from "../core/agent-types.ts";
import { followEvents } from "../core/follow-events.ts";
import type { AnyTool } from "../core/tool.ts";
import type { AgentEvent, ApprovalRequestedEvent, ErrorEvent } from "../protocol/events.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import type { ApprovalSubmission, Submission } from "../protocol/submissions.ts";
import type { SandboxMode } from "../sandbox/types.ts";
import { messageOf } from "../util/message-of.ts";
import { type AgentSessionOptions, createAgentSession } from "./agent-session.ts";
import { TandemError, type TandemErrorCode } from "./user-error.ts";

export type { EventSubscription, SubscribeOptions } from "../core/agent-types.ts";

/** What `onApproval` answers: a decision, and with `deny` an optional note for the model. */
export type ApprovalAnswer = Pick<ApprovalSubmission, "decision" | "note">;

export interface SessionOptions {
  /** The workspace the agent works in. Required: a library never guesses it from the process. */
  cwd: string;
  /** `provider/model`. Default: `model` in config.toml, else the first vendor whose key is in `env`, else a local server. */
  model?: string;
  /** Keys, `TANDEM_HOME` and the environment commands start from. Default `process.env`; when given, the process's is not read. */
  env?: NodeJS.ProcessEnv;
  /** tandem's home (config.toml, rules.toml, checkpoints). Default `TANDEM_HOME` in `env`, else ~/.tandem. */
  home?: string;
  /** Where the transcript is saved: JSONL files in `dir` (resumable), or `memory`. Default `{ dir: HOME/sessions }`. */
  storage?: { dir: string } | "memory";
  /** A session id saved in `storage` (of this `cwd`) to continue, or `last`. Default: a new session. */
  resume?: string;
  /** Tools the model gets besides the built-in ones (see `defineTool`). Default none. */
  tools?: AnyTool[];
  /** False: only `tools`, none of the built-in shell, read, edit… Default true. */
  builtinTools?: boolean;
  /** The HTTP client for model requests. Default the global `fetch`. */
  fetch?: typeof fetch;
  /** Permission mode. Default `ask` when `onApproval` is given, else `auto` (docs/safety.md). */
  mode?: PermissionMode;
  /** The shell's OS sandbox. Default `workspace-write` (`full-access` in `full` mode). */
  sandbox?: SandboxMode;
  /** Network inside the sandbox. Default false. */
  network?: boolean;
  /** Model requests per turn before it stops (`max_steps`). Default config's `max_steps`, else 100. */
  maxSteps?: number;
  /**
   * Answers a call the policy wants approved. Absent: nobody is asked, and such calls are refused with the
   * reason (the model is told). A throw or rejection denies the call.
   */
  onApproval?(request: ApprovalRequestedEvent): ApprovalAnswer | Promise<ApprovalAnswer>;
  /** Whether to use a model or provider the project's `.tandem/config.toml` asks for. Absent: refused (`project_not_approved`). */
  confirmProject?(question: string): Promise<boolean>;
}

/** How a `run` ended. A failed turn is not a result: `run` rejects with a {@link TandemError}. */
export interface RunResult {
  turn_id: string;
  status: "done" | "interrupted";
  /** The turn's last assistant message ("" when it had none). */
  text: string;
  /** Model requests the turn made. */
  steps: number;
  /** Tool calls the safety policy refused in it. */
  refused: number;
}

export interface Session {
  readonly id: string;
  /** `provider/model` the session started with. */
  readonly model: string;
  readonly cwd: string;
  /** The permission mode and sandbox in force at start. */
  readonly safety: { mode: PermissionMode; sandbox: string };
  /** Config warnings, an unknown model's defaults, how the model was picked. */
  readonly warnings: readonly string[];
  /** Sends the prompt and resolves when its turn ends. Runs queue: each waits for the one before. */
  run(prompt: string): Promise<RunResult>;
  /** A message for the running turn's next request (with no turn running it starts one). */
  steer(text: string): void;
  /** Any submission (docs/events.md); for turns of your own, read the events. */
  send(submission: Submission): void;
  /**
   * The session's events in order, each with `session_id`, `agent_id` and `seq` (docs/events.md): by default
   * from its first event, or those after `after`; then live, until the session ends or `close()`. A subscriber
   * that falls `buffer` (default 10,000) events behind gets `events_lost` and can subscribe again after the last
   * `seq` it saw; it never stalls the session.
   */
  subscribe(options?: SubscribeOptions): EventSubscription;
  /** Interrupts what runs, ends the session and releases what it started (timers, processes, background work). */
  close(): Promise<void>;
}

interface Waiter {
  /** Which turn, counted from the session's first, carries this run's prompt. */
  ordinal: number;
  turnId?: string;
  text: string;
  resolve(result: RunResult): void;
  reject(error: TandemError): void;
}

export async function createSession(options: SessionOptions): Promise<Session> {
  if (typeof options?.cwd !== "string" || !options.cwd)
    throw new TandemError("config", "createSession needs cwd: the folder the agent works in");
  const { onApproval, ...rest } = options;
  const base: AgentSessionOptions = { ...rest, env: options.env ?? process.env, interactive: !!onApproval };
  const built = await createAgentSession(base);
  const { agent } = built;
  const waiters: Waiter[] = [];
  let turnsStarted = 0;
  let inputsQueued = 0;
  let lastFatal: ErrorEvent | undefined;
  let closed = false;

  const answer = async (request: ApprovalRequestedEvent) => {
    let reply: ApprovalAnswer;
    try {
      reply = await (onApproval as NonNullable<typeof onApproval>)(request);
    } catch (error) {
      reply = { decision: "deny", note: `the approver failed: ${messageOf(error)}` };
    }
    agent.submit({ type: "approval", call_id: request.call_id, ...reply });
  };

  const track = (event: AgentEvent) => {
    if (event.type === "turn_started") {
      turnsStarted++;
      if (inputsQueued > 0) inputsQueued--;
      const waiter = waiters.find((w) => w.ordinal === turnsStarted);
      if (waiter) waiter.turnId = event.turn_id;
      lastFatal = undefined;
    } else if (event.type === "message_done") {
      const waiter = waiters.find((w) => w.turnId === event.turn_id);
      if (waiter) waiter.text = event.text;
    } else if (event.type === "error" && event.fatal) {
      lastFatal = event;
    } else if (event.type === "approval_requested" && onApproval) {
      void answer(event);
    } else if (event.type === "turn_finished") {
      const index = waiters.findIndex((w) => w.turnId === event.turn_id);
      const waiter = index >= 0 ? waiters.splice(index, 1)[0] : undefined;
      if (!waiter) return;
      if (event.status === "failed") waiter.reject(turnError(event.reason, lastFatal));
      else
        waiter.resolve({
          turn_id: event.turn_id,
          status: event.status,
          text: waiter.text,
          steps: event.steps,
          refused: event.refused ?? 0,
        });
    } else if (event.type === "session_finished") {
      closed = true;
      for (const waiter of waiters.splice(0)) {
        waiter.reject(
          lastFatal && !waiter.turnId
            ? turnError(lastFatal.code, lastFatal)
            : new TandemError("closed", "the session was closed before the prompt's turn finished"),
        );
      }
    }
  };

  // The session's own reader (runs, approvals): every event, resyncing itself should it ever fall behind.
  const pump = (async () => {
    for await (const event of followEvents(agent)) track(event);
  })();

  const submit = (submission: Submission) => {
    if (submission.type === "user_input") inputsQueued++;
    agent.submit(submission);
  };

  return {
    id: agent.sessionId,
    model: built.model,
    cwd: built.cwd,
    safety: built.safety,
    warnings: built.warnings,
    run(prompt) {
      if (closed) return Promise.reject(new TandemError("closed", "the session is closed"));
      return new Promise<RunResult>((resolve, reject) => {
        waiters.push({ ordinal: turnsStarted + inputsQueued + 1, text: "", resolve, reject });
        submit({ type: "user_input", text: prompt });
      });
    },
    steer: (text) => submit({ type: "steer", text }),
    send: submit,
    subscribe: (subscribeOptions) => agent.subscribe(subscribeOptions),
    close: () => closeSession(agent, pump, () => (closed = true)),
  };
}

async function closeSession(agent: Agent, pump: Promise<void>, markClosed: () => void): Promise<void> {
  markClosed();
  agent.submit({ type: "shutdown" });
  // `done` also waits for the gate's background work (the first checkpoint record) to stop.
  await agent.done;
  await pump;
}

/** The error a failed turn's `run` rejects with, from the turn's reason and its fatal error event. */
function turnError(reason: string | undefined, fatal: ErrorEvent | undefined): TandemError {
  const detail = reason ?? fatal?.code;
  const message = fatal?.message ?? `the turn failed${detail ? ` (${detail})` : ""}`;
  return new TandemError(codeOf(detail), message, detail ? { detail } : {});
}

/** Event codes (provider error kinds, the agent's own) as the library's stable codes. */
function codeOf(eventCode: string | undefined): TandemErrorCode {
  switch (eventCode) {
    case "auth":
      return "auth";
    case "not_found":
      return "model_not_found";
    case "max_steps":
      return "max_steps";
    case "tool_fatal":
      return "tool";
    case "internal":
    case undefined:
      return "internal";
    case "session_start":
      return "config";
    default:
      return "provider";
  }
}
