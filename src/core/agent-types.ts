/**
 * The agent's public contract: options (with defaults) and the handle front ends hold. The implementation is
 * agent.ts; behaviour is described in docs/core.md.
 */
import type { PermissionMode } from "../protocol/permissions.ts";
import type { Submission } from "../protocol/submissions.ts";
import type { ModelEntry, ProviderClient, ReasoningEffort } from "../providers/types.ts";
import type { EventSubscription, SubscribeOptions } from "./event-subscription.ts";
import type { ToolGate } from "./gate.ts";
import type { Secret } from "./redact.ts";
import type { AnyTool } from "./tool.ts";
import type { CapOptions } from "./truncate.ts";

export type ResolvedModel = { model: ModelEntry; client: ProviderClient } | { error: string };

export type { EventSubscription, SubscribeOptions } from "./event-subscription.ts";

export interface AgentOptions {
  /** Workspace root; tools resolve relative paths against it. */
  cwd: string;
  /** `provider/model` to start with. On resume, pass the session's model unless the user chose another. */
  model: string;
  /** Turns a model id into its catalog entry and client. Called at start and on every `set_model`. */
  resolveModel(id: string): ResolvedModel;
  /** All tools. */
  tools: AnyTool[];
  /** The system prompt for a model and its tools; rebuilt when the model changes. */
  systemPrompt(model: ModelEntry, tools: AnyTool[]): string;
  /** Per-model tool selection (e.g. apply_patch vs edit). Default: all `tools`. */
  toolsFor?(model: ModelEntry): AnyTool[];
  /** Approvals, rules, checkpoints. Default: every call is allowed. */
  gate?: ToolGate;
  /**
   * The permission mode the gate starts in, only for the session file: on resume, when it differs from the mode
   * the file last recorded, it is recorded (so the next resume starts in it). Default: nothing recorded.
   */
  mode?: PermissionMode;
  /** False: nobody answers approvals, so `ask` decisions are denied with their reason. */
  interactive: boolean;
  /** JSONL persistence in `${dir}/${id}.jsonl`; `resume` continues that session. Absent: memory only. */
  session?: { dir: string; resume?: string };
  /** Model requests per turn. Default 100. Reaching it ends the turn `failed` with reason `max_steps`. */
  maxSteps?: number;
  /**
   * Auto compaction when a request's context tokens exceed `threshold` × the context window (default 0.8).
   * `keepRecentTokens` (default 20_000, at most 40% of the window) of recent history stay verbatim.
   */
  compaction?: { threshold: number; keepRecentTokens?: number };
  reasoningEffort?: ReasoningEffort;
  /** Cap for tool output the model sees. Default: capText defaults (30 kB, 1,000 lines). */
  toolOutput?: CapOptions;
  /** How long an interrupted tool gets to stop before its result is recorded without it. Default 3000 ms. */
  abortGraceMs?: number;
  /**
   * Values never to show the model, the session file or front ends (the configured provider keys): replaced
   * by `[redacted: NAME]` in user messages, tool calls and results and the system prompt. Default none.
   */
  secrets?: readonly Secret[];
  /** The `agent_id` its events carry. Default `main` (the session's own agent); sub-agents get their own. */
  agentId?: string;
  /** Events kept in memory for `subscribe({ after })`; older ones are read from the session file. Default 2,000. */
  replayTail?: number;
  /**
   * Warnings from setting the session up (config, model choice, piped input), emitted as `notice` events
   * (level `warning`) right after `session_started` (before the session file's own; before the `error` when
   * start fails), so a consumer of the stream alone gets them enveloped, in seq order. Default none.
   */
  notices?: readonly string[];
}

export interface Agent {
  /** Never throws; submissions after the session finished are ignored. */
  submit(submission: Submission): void;
  /**
   * A new subscription to the event stream: any number of them, each sees every event in order and ends after
   * `session_finished`. Without `after`: from this agent's first event. A subscriber that falls `buffer`
   * (default 10,000) events behind never stalls the agent: it gets `events_lost` and can resync with
   * `subscribe({ after: last_seq })`. docs/events.md.
   */
  subscribe(options?: SubscribeOptions): EventSubscription;
  /** The seq of the last event emitted so far (a resumed file's last one before this run emits any). */
  readonly lastSeq: number;
  /** Resolves when `session_finished` was emitted. */
  done: Promise<void>;
  /** No more submissions: queued work finishes, then the session ends (unlike `shutdown`, which interrupts). */
  close(): void;
  /** The session id (known at once, also for resumed sessions). */
  readonly sessionId: string;
}
