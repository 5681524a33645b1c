/**
 * What the UI shows: the conversation (src/conversation/, the reducer every front end shares) plus the UI's
 * own widget state: entries waiting to be written to the scrollback, the part of the streaming answer not yet
 * written, when things started on the screen's clock, the approval prompt's keys, the `!command`, a picker.
 * `applyInput` (each event or user action) and `loadConversation` (a resumed session) are the only writers of
 * `conversation`.
 */

import { createConversation, reduceConversation, runningCall } from "../conversation/reduce.ts";
import type { Conversation, ConversationInput, Entry } from "../conversation/types.ts";
import type { ListPicker } from "./list-picker.ts";
import type { LiveShellEscape } from "./shell-escape-text.ts";

/** What the transcript shows: the conversation's entries, and command output the app styled itself. */
export type Item =
  | Entry
  /** Command output already styled by the app (e.g. a coloured diff): one entry per line, wrapped as is. */
  | { kind: "output"; lines: string[] };

/** The approval prompt: the conversation's pending approval as the UI asks it. */
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

export interface ViewState {
  /** The conversation as the events and the user's actions built it. */
  conversation: Conversation;
  /** When the running turn started (the screen's clock), for the status line's elapsed time. */
  turnStartedAt?: number;
  /** When each running call started (the screen's clock), for its elapsed time. */
  toolStartedAt: Map<string, number>;
  /** Assistant text of the message streaming now, less its finished blocks already committed. */
  streaming: string;
  /** Characters of the streaming message already written to the scrollback (stream-commit.ts). */
  streamedOut: number;
  approval?: PendingApproval;
  /** The user's own `!command` while it runs (shell-escape-controller.ts). */
  shellEscape?: LiveShellEscape;
  /** A picker while it is open (`/resume` or `/model` with no argument); it takes the keys. */
  picker?: ListPicker;
  /** Finished items not yet written to the scrollback. */
  pending: Item[];
  /** Conversation entries already handed on (to `pending`, or to `waiting` while a call runs). */
  seen: number;
  /** Entries of running calls: written once they finish, in the order they finish. */
  waiting: Set<number>;
}

export function createViewState(model: string, cwd: string): ViewState {
  return {
    conversation: createConversation({ model, cwd }),
    toolStartedAt: new Map(),
    streaming: "",
    streamedOut: 0,
    pending: [],
    seen: 0,
    waiting: new Set(),
  };
}

/** Takes `conversation` as the one shown (a resumed session's, no turn running): its entries wait to be written. */
export function loadConversation(state: ViewState, conversation: Conversation): void {
  state.conversation = conversation;
  state.seen = 0;
  state.waiting.clear();
  handOn(state, 0);
}

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

/**
 * Hands new and newly finished entries to `pending`, in conversation order. An assistant message part of
 * which was already written while it streamed is written as the rest only.
 */
function handOn(state: ViewState, now: number): void {
  const entries = state.conversation.entries;
  const ready: number[] = [];
  for (const i of state.waiting) {
    const entry = entries[i];
    if (entry?.kind !== "tool" || entry.status !== "running") {
      state.waiting.delete(i);
      ready.push(i);
    }
  }
  for (let i = state.seen; i < entries.length; i++) {
    const entry = entries[i];
    if (entry?.kind === "tool" && entry.status === "running") state.waiting.add(i);
    else ready.push(i);
  }
  state.seen = entries.length;
  ready.sort((a, b) => a - b);
  for (const i of ready) {
    const entry = entries[i] as Entry;
    if (entry.kind === "assistant" && state.streamedOut > 0) {
      // Blocks already committed while it streamed are not written again: the rest, as it streamed.
      if (state.streaming.trim()) state.pending.push({ kind: "assistant", text: state.streaming });
      state.streaming = "";
      state.streamedOut = 0;
    } else if (entry.kind === "tool" && entry.duration_ms < 0 && state.toolStartedAt.has(entry.call_id)) {
      // A call the turn's end left unfinished: how long it ran, by the screen's clock.
      const started = state.toolStartedAt.get(entry.call_id) ?? now;
      state.pending.push({ ...entry, duration_ms: now - started });
    } else state.pending.push(entry);
  }
}

/** Applies one event or user action: the conversation's next state, then what the UI derives from it. */
export function applyInput(state: ViewState, input: ConversationInput, now: number): void {
  const before = state.conversation;
  const after = reduceConversation(before, input);
  state.conversation = after;
  if (input.type === "turn_started") state.turnStartedAt = now;
  if (!after.turn_running) state.turnStartedAt = undefined;
  for (const id of Object.keys(after.running)) if (!(id in before.running)) state.toolStartedAt.set(id, now);
  if (after.approval !== before.approval) syncApproval(state, now);
  handOn(state, now);
  for (const id of state.toolStartedAt.keys()) if (!(id in after.running)) state.toolStartedAt.delete(id);
  if (!after.streaming) {
    state.streaming = "";
    state.streamedOut = 0;
  } else state.streaming = after.streaming.slice(state.streamedOut);
}

function syncApproval(state: ViewState, now: number): void {
  const a = state.conversation.approval;
  if (!a) {
    state.approval = undefined;
    return;
  }
  if (state.approval?.callId === a.call_id) return;
  // The gate's summary cuts a long command: what follows the cut must not be approved unseen.
  const whole = wholeCommand(runningCall(state.conversation, a.call_id)?.command, a.summary);
  if (whole) state.pending.push({ kind: "notice", level: "info", text: whole });
  state.approval = {
    callId: a.call_id,
    shownAt: now,
    tool: a.tool,
    summary: a.summary,
    ...(a.risk ? { risk: a.risk } : {}),
    reasons: [...a.reasons, ...(whole ? ["the whole command is printed above"] : [])],
    ...(a.diff ? { diff: a.diff } : {}),
  };
}
