/**
 * What the UI shows, built from the event stream alone: finished transcript items waiting to be committed to
 * the scrollback, and the live part (streaming text, running tools, queued steers, a pending approval, the
 * status figures). `applyEvent` is the only writer besides the app's own submissions.
 */

import { formatCheckpointProgress, summarizeArguments } from "../app/format.ts";
import type { AgentEvent } from "../protocol/events.ts";
import type { Cost, Usage } from "../protocol/usage.ts";
import type { TodoItem } from "../tools/todo.ts";
import type { ListPicker } from "./list-picker.ts";
import { modeChangedText } from "./mode-view.ts";
import type { LiveShellEscape } from "./shell-escape-text.ts";
import { todosFromDetails } from "./todo-view.ts";
import { diffFromDetails } from "./tool-diff.ts";

export type Item =
  | { kind: "user"; text: string; steer?: boolean }
  | { kind: "assistant"; text: string }
  | { kind: "reasoning"; text: string }
  | {
      kind: "tool";
      tool: string;
      summary: string;
      status: "ok" | "error" | "denied" | "interrupted";
      durationMs: number;
      /** Why it failed or was denied: the first line of what the model was told. */
      reason?: string;
      /** Unified diff of the files an ok `edit`, `write` or `apply_patch` changed (from `details`). */
      diff?: string;
      /** What the model was told (kept for Ctrl+O, `expandable.ts`; dropped once committed). */
      output?: string;
      /** A truncated shell call's full-output file (from `details`). */
      fullOutputPath?: string;
    }
  | { kind: "notice"; level: "info" | "warning" | "error"; text: string }
  /** The agent's plan as it stood when the turn ended. */
  | { kind: "todos"; items: TodoItem[] }
  /** Command output already styled by the app (e.g. a coloured diff): one entry per line, wrapped as is. */
  | { kind: "output"; lines: string[] };

export interface RunningTool {
  tool: string;
  summary: string;
  startedAt: number;
  /** The last non-empty line of its live output. */
  lastLine: string;
  /** The whole `command` argument (a shell call), for the approval prompt. */
  command?: string;
}

export interface PendingApproval {
  callId: string;
  /** When the prompt appeared (the screen's clock): keys typed right after it do not answer it. */
  shownAt: number;
  tool: string;
  summary: string;
  risk?: string;
  reasons: string[];
  /** The unified diff the call would make (the tool's preview), shown capped under the prompt. */
  diff?: string;
  /**
   * The answer key (y, a, n) typed on the empty composer while the prompt showed: Enter sends that answer
   * while the composer holds exactly it (approval-answer.ts). Set by the app.
   */
  armed?: string;
}

/** A steer waits until the model request that carries it starts (see applyEvent). */
export interface QueuedSteer {
  text: string;
  /** A request that starts after this point carries the steer. */
  armed: boolean;
}

export interface ViewState {
  sessionId: string;
  model: string;
  cwd: string;
  /** The permission mode, when the session reports one. */
  mode?: string;
  /** The shell sandbox (one line) as the last `mode_changed` reported it; before that, the session's. */
  sandbox?: string;
  turnRunning: boolean;
  /** When the running turn started (the screen's clock), for the status line's elapsed time. */
  turnStartedAt?: number;
  /** Assistant text of the message streaming now, less its finished blocks already committed. */
  streaming: string;
  /** Characters of the streaming message already written to the scrollback (stream-commit.ts). */
  streamedOut: number;
  reasoning: string;
  tools: Map<string, RunningTool>;
  steers: QueuedSteer[];
  approval?: PendingApproval;
  /** The plan from the last `todo` call of this turn, shown live; committed when the turn ends. */
  todos?: TodoItem[];
  contextTokens: number;
  contextWindow: number;
  sessionUsage?: Usage;
  sessionCost?: Cost;
  /** The user's own `!command` while it runs (shell-escape-controller.ts). */
  shellEscape?: LiveShellEscape;
  /** A picker while it is open (`/resume` or `/model` with no argument); it takes the keys. */
  picker?: ListPicker;
  /** Finished items not yet written to the scrollback. */
  pending: Item[];
  /** Set by session_finished. */
  finished: boolean;
}

export function createViewState(model: string, cwd: string): ViewState {
  return {
    sessionId: "",
    model,
    cwd,
    turnRunning: false,
    streaming: "",
    streamedOut: 0,
    reasoning: "",
    tools: new Map(),
    steers: [],
    contextTokens: 0,
    contextWindow: 0,
    pending: [],
    finished: false,
  };
}

/** The first non-blank line, trimmed: why a call failed or was denied, on its transcript line. */
export const firstLine = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .find(Boolean) ?? "";

/** The full-output file a truncated shell call names in its `details`, for Ctrl+O. */
export const fullOutputOf = (details: unknown): { fullOutputPath?: string } => {
  const path = (details as { full_output_path?: unknown } | undefined)?.full_output_path;
  return typeof path === "string" && path ? { fullOutputPath: path } : {};
};

const commandOf = (args: unknown): { command?: string } => {
  const command = (args as { command?: unknown } | undefined)?.command;
  return typeof command === "string" && command ? { command } : {};
};

/** Lines of a command printed above its approval prompt at most; then how many more there are. */
const WHOLE_COMMAND_LINES = 400;

/** The notice that shows a command in full when the approval summary does not hold all of it. */
function wholeCommand(command: string | undefined, summary: string): string | undefined {
  if (!command || summary.includes(command)) return undefined;
  const lines = command.split("\n");
  const more = lines.length - WHOLE_COMMAND_LINES;
  const shown = more > 0 ? [...lines.slice(0, WHOLE_COMMAND_LINES), `… ${more} more lines`] : lines;
  return `the whole command awaiting approval:\n${shown.join("\n")}`;
}

function flushReasoning(state: ViewState): void {
  if (state.reasoning.trim()) state.pending.push({ kind: "reasoning", text: state.reasoning.trim() });
  state.reasoning = "";
}

function deliverSteers(state: ViewState, all: boolean): void {
  const keep: QueuedSteer[] = [];
  for (const steer of state.steers) {
    if (all || steer.armed) state.pending.push({ kind: "user", text: steer.text, steer: true });
    else keep.push(steer);
  }
  state.steers = keep;
}

const arm = (state: ViewState) => {
  for (const steer of state.steers) steer.armed = true;
};

/**
 * Applies one event. Steers: the request in flight when a steer is typed does not carry it; the next one
 * does. So a steer is armed by the end of a response (`usage`) or of a tool call, and shown as delivered
 * when the next request answers (its first text, or its `usage` for a tool-only response) or a turn starts.
 */
export function applyEvent(state: ViewState, event: AgentEvent, now: number): void {
  switch (event.type) {
    case "session_started":
      state.sessionId = event.session_id;
      state.model = event.model;
      state.cwd = event.cwd;
      if (event.session_usage) state.sessionUsage = event.session_usage;
      if (event.session_cost) state.sessionCost = event.session_cost;
      break;
    case "turn_started":
      state.turnRunning = true;
      state.turnStartedAt = now;
      deliverSteers(state, true);
      break;
    case "reasoning_delta":
      deliverSteers(state, false);
      state.reasoning += event.delta;
      break;
    case "message_delta":
      deliverSteers(state, false);
      flushReasoning(state);
      state.streaming += event.delta;
      break;
    case "message_done": {
      flushReasoning(state);
      // Blocks already committed while it streamed are not written again: the rest, as it streamed.
      const rest = state.streamedOut > 0 ? state.streaming : event.text;
      if (rest.trim()) state.pending.push({ kind: "assistant", text: rest });
      state.streaming = "";
      state.streamedOut = 0;
      break;
    }
    case "usage":
      deliverSteers(state, false);
      arm(state);
      state.contextTokens = event.context_tokens;
      state.contextWindow = event.context_window;
      state.sessionUsage = event.session_usage;
      state.sessionCost = event.session_cost;
      break;
    case "tool_call_started":
      flushReasoning(state);
      state.tools.set(event.call_id, {
        tool: event.tool,
        summary: summarizeArguments(event.arguments),
        startedAt: now,
        lastLine: "",
        ...commandOf(event.arguments),
      });
      break;
    case "tool_output_delta": {
      const tool = state.tools.get(event.call_id);
      const line = event.chunk
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .at(-1);
      if (tool && line) tool.lastLine = line;
      break;
    }
    case "checkpoint_progress": {
      // Shown where the call's live output goes: it has none yet, it waits for the checkpoint.
      const tool = state.tools.get(event.call_id);
      if (tool) tool.lastLine = formatCheckpointProgress(event);
      break;
    }
    case "approval_requested": {
      // The gate's summary cuts a long command: what follows the cut must not be approved unseen.
      const whole = wholeCommand(state.tools.get(event.call_id)?.command, event.summary);
      if (whole) state.pending.push({ kind: "notice", level: "info", text: whole });
      state.approval = {
        callId: event.call_id,
        shownAt: now,
        tool: event.tool,
        summary: event.summary,
        ...(event.risk ? { risk: event.risk } : {}),
        reasons: [...(event.reasons ?? []), ...(whole ? ["the whole command is printed above"] : [])],
        ...(event.diff ? { diff: event.diff } : {}),
      };
      break;
    }
    case "tool_call_finished": {
      const tool = state.tools.get(event.call_id);
      state.tools.delete(event.call_id);
      if (state.approval?.callId === event.call_id) state.approval = undefined;
      const diff = event.status === "ok" ? diffFromDetails(event.tool, event.details) : undefined;
      state.pending.push({
        kind: "tool",
        tool: event.tool,
        summary: tool?.summary ?? "",
        status: event.status,
        durationMs: event.duration_ms,
        ...(event.status === "error" || event.status === "denied"
          ? { reason: firstLine(event.content) }
          : {}),
        ...(diff ? { diff } : {}),
        ...(event.content ? { output: event.content } : {}),
        ...fullOutputOf(event.details),
      });
      if (event.tool === "todo" && event.status === "ok")
        state.todos = todosFromDetails(event.details) ?? state.todos;
      arm(state);
      break;
    }
    case "retry":
      state.pending.push({
        kind: "notice",
        level: "info",
        text: `retrying in ${Math.round(event.delay_ms / 100) / 10}s (attempt ${event.attempt}): ${event.reason}`,
      });
      break;
    case "compacted":
      state.pending.push({
        kind: "notice",
        level: "info",
        text: `compacted history (${event.trigger}): ${event.tokens_before} → ${event.tokens_after} tokens`,
      });
      state.contextTokens = event.tokens_after;
      break;
    case "model_changed":
      state.model = event.model;
      state.pending.push({ kind: "notice", level: "info", text: `model: ${event.model}` });
      break;
    case "mode_changed":
      state.mode = event.mode;
      if (event.sandbox) state.sandbox = event.sandbox;
      state.pending.push({ kind: "notice", level: "info", text: modeChangedText(event) });
      break;
    case "notice":
      state.pending.push({ kind: "notice", level: event.level, text: event.message });
      break;
    case "error":
      state.pending.push({ kind: "notice", level: "error", text: event.message });
      break;
    case "turn_finished":
      flushReasoning(state);
      if (state.streaming.trim()) state.pending.push({ kind: "assistant", text: state.streaming });
      state.streaming = "";
      state.streamedOut = 0;
      for (const [id, tool] of state.tools) {
        state.pending.push({
          kind: "tool",
          tool: tool.tool,
          summary: tool.summary,
          status: "interrupted",
          durationMs: now - tool.startedAt,
        });
        state.tools.delete(id);
      }
      state.approval = undefined;
      if (state.todos) state.pending.push({ kind: "todos", items: state.todos });
      state.todos = undefined;
      state.turnRunning = false;
      state.turnStartedAt = undefined;
      if (event.status === "interrupted")
        state.pending.push({ kind: "notice", level: "info", text: "interrupted" });
      break;
    case "session_finished":
      state.finished = true;
      break;
  }
}
