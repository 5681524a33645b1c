/**
 * The shared events→conversation reducer on event sequences: streaming text and reasoning, tool calls
 * interleaved with approvals and finishing out of order, steers, the plan, usage and totals, and the rule that
 * a state given to the reducer is never changed.
 */
import { describe, expect, it } from "vitest";
import {
  createConversation,
  reduceConversation,
  runningCall,
  runningCalls,
} from "../../src/conversation/reduce.ts";
import type { Conversation, ConversationInput } from "../../src/conversation/types.ts";
import type { ToolKind } from "../../src/protocol/tools.ts";
import type { Usage } from "../../src/protocol/usage.ts";

const reduce = (inputs: ConversationInput[], from: Conversation = createConversation()) =>
  inputs.reduce(reduceConversation, from);

const usage = (input: number): Usage => ({
  input,
  cached_input: 0,
  cache_write: 0,
  output: 10,
  reasoning: 0,
});
const cost = (total: number) => ({ input: 0, cached_input: 0, cache_write: 0, output: 0, total });
const usageEvent = (n: number): ConversationInput => ({
  type: "usage",
  turn_id: "t1",
  usage: usage(n),
  cost: cost(n / 1000),
  session_usage: usage(n),
  session_cost: cost(n / 1000),
  context_tokens: n + 10,
  context_window: 1000,
});
/** What each built-in tool declares (src/tools); the reducer decides by the kind, not the name. */
const KINDS: Record<string, ToolKind> = {
  shell: "execute",
  read: "read",
  write: "edit",
  edit: "edit",
  apply_patch: "edit",
  grep: "search",
  find: "search",
  ls: "search",
  todo: "think",
};
const kindOf = (tool: string): ToolKind => KINDS[tool] ?? "other";
const started = (call_id: string, tool: string, args: unknown): ConversationInput => ({
  type: "tool_call_started",
  turn_id: "t1",
  call_id,
  tool,
  kind: kindOf(tool),
  arguments: args,
});
const finished = (
  call_id: string,
  tool: string,
  content: string,
  more: {
    status?: "ok" | "error" | "denied" | "interrupted";
    details?: unknown;
    duration_ms?: number;
    refusal?: { reason: string; how_to_allow: string[] };
  } = {},
): ConversationInput => ({
  type: "tool_call_finished",
  turn_id: "t1",
  call_id,
  tool,
  kind: kindOf(tool),
  status: more.status ?? "ok",
  content,
  duration_ms: more.duration_ms ?? 5,
  ...(more.details === undefined ? {} : { details: more.details }),
  ...(more.refusal ? { refusal: more.refusal } : {}),
});

describe("reduceConversation", () => {
  it("streams text and reasoning, then keeps them as entries in the order they came", () => {
    const mid = reduce([
      {
        type: "session_started",
        session_id: "s1",
        protocol_version: 2,
        model: "fake/m",
        cwd: "/w",
        resumed: false,
      },
      { type: "user_message", text: "hi" },
      { type: "turn_started", turn_id: "t1" },
      { type: "reasoning_delta", turn_id: "t1", message_id: "m1", delta: "thinking " },
      { type: "reasoning_delta", turn_id: "t1", message_id: "m1", delta: "hard" },
      { type: "message_delta", turn_id: "t1", message_id: "m1", delta: "Hel" },
      { type: "message_delta", turn_id: "t1", message_id: "m1", delta: "lo" },
    ]);
    expect(mid.streaming).toBe("Hello");
    expect(mid.reasoning).toBe("");
    expect(mid.turn_running).toBe(true);
    const end = reduce(
      [
        { type: "message_done", turn_id: "t1", message_id: "m1", text: "Hello" },
        usageEvent(100),
        { type: "turn_finished", turn_id: "t1", status: "done", steps: 1 },
      ],
      mid,
    );
    expect(end.entries).toEqual([
      { kind: "user", text: "hi" },
      { kind: "reasoning", text: "thinking hard" },
      { kind: "assistant", text: "Hello" },
    ]);
    expect(end).toMatchObject({
      session_id: "s1",
      model: "fake/m",
      streaming: "",
      turn_running: false,
      steps: 1,
      context_tokens: 110,
      context_window: 1000,
      session_usage: usage(100),
    });
  });

  it("keeps calls at the place they started, whatever order they finish in, with an approval between", () => {
    const s = reduce([
      { type: "turn_started", turn_id: "t1" },
      started("c1", "read", { path: "a.txt" }),
      started("c2", "read", { path: "b.txt" }),
      { type: "tool_output_delta", call_id: "c2", stream: "stdout", chunk: "one\ntwo\n\n" },
      finished("c2", "read", "b's text"),
      started("c3", "shell", { command: "rm -rf build" }),
      {
        type: "approval_requested",
        turn_id: "t1",
        call_id: "c3",
        tool: "shell",
        summary: "rm -rf build",
        risk: "destructive",
        reasons: ["deletes files"],
      },
    ]);
    expect(runningCalls(s).map((c) => c.call_id)).toEqual(["c1", "c3"]);
    expect(s.approval).toEqual({
      call_id: "c3",
      tool: "shell",
      summary: "rm -rf build",
      risk: "destructive",
      reasons: ["deletes files"],
    });
    expect(runningCall(s, "c3")?.command).toBe("rm -rf build");
    // The output's last line was kept while it ran; the finished entry has what the model was told.
    expect(s.entries[1]).toMatchObject({ call_id: "c2", status: "ok", output: "b's text", duration_ms: 5 });

    const answered = reduceConversation(s, { type: "approval_answered", call_id: "c3" });
    expect(answered.approval).toBeUndefined();
    const end = reduce(
      [
        finished("c3", "shell", "denied: not now\nmore", { status: "denied", duration_ms: 9 }),
        finished("c1", "read", "a's text"),
      ],
      answered,
    );
    expect(end.entries.map((e) => (e.kind === "tool" ? `${e.call_id}:${e.status}` : e.kind))).toEqual([
      "c1:ok",
      "c2:ok",
      "c3:denied",
    ]);
    expect(end.entries[2]).toMatchObject({ reason: "denied: not now", summary: "rm -rf build" });
    expect(end.running).toEqual({});
  });

  it("clears the prompt when the call it asked about finishes (answered elsewhere, or interrupted)", () => {
    const s = reduce([
      started("c1", "write", { path: "x" }),
      { type: "approval_requested", turn_id: "t1", call_id: "c1", tool: "write", summary: "x", diff: "+a" },
      finished("c1", "write", "interrupted", { status: "interrupted", duration_ms: 1 }),
    ]);
    expect(s.approval).toBeUndefined();
  });

  it("shows live progress: the last output line, the first checkpoint's count", () => {
    const s = reduce([
      started("c1", "shell", { command: "make" }),
      { type: "checkpoint_progress", call_id: "c1", done: 40, total: 100 },
      { type: "tool_output_delta", call_id: "c1", stream: "stdout", chunk: "cc a.c\n  \n" },
      { type: "tool_output_delta", call_id: "c9", stream: "stdout", chunk: "not a running call\n" },
    ]);
    expect(runningCall(s, "c1")).toMatchObject({ last_line: "cc a.c", checkpoint: { done: 40, total: 100 } });
    expect(s.entries).toHaveLength(1);
  });

  it("reads a finished call's details: the diff of a change, the shell's full-output file, a refusal", () => {
    const refusal = { reason: "outside the workspace", how_to_allow: ["--mode full"] };
    const s = reduce([
      started("c1", "edit", { path: "a.txt" }),
      finished("c1", "edit", "Edited a.txt", { details: { diff: "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n" } }),
      started("c2", "shell", { command: "seq 1 100000" }),
      finished("c2", "shell", "1\n…", { details: { full_output_path: "/tmp/out.txt" } }),
      started("c3", "write", { path: "/etc/x" }),
      finished("c3", "write", "refused: outside the workspace", { status: "denied", refusal }),
    ]);
    expect(s.entries[0]).toMatchObject({ diff: expect.stringContaining("+y") });
    expect(s.entries[1]).toMatchObject({ full_output_path: "/tmp/out.txt" });
    expect(s.entries[2]).toMatchObject({
      status: "denied",
      refusal,
      reason: "refused: outside the workspace",
    });
    const done = reduceConversation(s, {
      type: "turn_finished",
      turn_id: "t1",
      status: "done",
      steps: 3,
      refused: 1,
    });
    expect(done.refused).toBe(1);
  });

  it("shows the plan while the turn runs and commits it once when the turn ends", () => {
    const plan = (status: string) => ({ items: [{ content: "fix it", status }] });
    const s = reduce([
      { type: "turn_started", turn_id: "t1" },
      started("c1", "todo", {}),
      finished("c1", "todo", "Plan", { details: plan("in_progress") }),
      started("c2", "todo", {}),
      finished("c2", "todo", "Plan", { details: plan("completed") }),
    ]);
    expect(s.todos).toEqual([{ content: "fix it", status: "completed" }]);
    const end = reduceConversation(s, { type: "turn_finished", turn_id: "t1", status: "done", steps: 2 });
    expect(end.todos).toBeUndefined();
    expect(end.entries.at(-1)).toEqual({
      kind: "todos",
      items: [{ content: "fix it", status: "completed" }],
    });
  });

  it("delivers a steer when a later request answers, not the one in flight when it was sent", () => {
    let s = reduce([
      { type: "turn_started", turn_id: "t1" },
      { type: "message_delta", turn_id: "t1", message_id: "m1", delta: "Running." },
      { type: "steer_queued", text: "also the docs" },
      { type: "message_delta", turn_id: "t1", message_id: "m1", delta: " Still." },
    ]);
    expect(s.steers).toEqual([{ text: "also the docs", armed: false }]);
    s = reduce(
      [{ type: "message_done", turn_id: "t1", message_id: "m1", text: "Running. Still." }, usageEvent(10)],
      s,
    );
    expect(s.steers).toEqual([{ text: "also the docs", armed: true }]);
    s = reduceConversation(s, { type: "message_delta", turn_id: "t1", message_id: "m2", delta: "Docs too." });
    expect(s.steers).toEqual([]);
    expect(s.entries.at(-1)).toEqual({ kind: "user", text: "also the docs", steer: true });
  });

  it("ends a turn's loose ends: streamed text kept, a call left running interrupted, the prompt gone", () => {
    const s = reduce([
      { type: "turn_started", turn_id: "t1" },
      started("c1", "shell", { command: "sleep 9" }),
      { type: "approval_requested", turn_id: "t1", call_id: "c1", tool: "shell", summary: "sleep 9" },
      { type: "message_delta", turn_id: "t1", message_id: "m1", delta: "half an ans" },
      { type: "turn_finished", turn_id: "t1", status: "interrupted", steps: 1 },
    ]);
    expect(s.entries).toEqual([
      {
        kind: "tool",
        call_id: "c1",
        tool: "shell",
        summary: "sleep 9",
        status: "interrupted",
        duration_ms: -1,
      },
      { kind: "assistant", text: "half an ans" },
      { kind: "notice", level: "info", text: "interrupted" },
    ]);
    expect(s).toMatchObject({ running: {}, approval: undefined, streaming: "", turn_running: false });
  });

  it("words notices once: retries, compaction, model and mode switches, errors", () => {
    const s = reduce([
      { type: "retry", turn_id: "t1", attempt: 2, delay_ms: 1500, reason: "overloaded" },
      { type: "compacted", tokens_before: 9000, tokens_after: 1200, trigger: "auto" },
      { type: "model_changed", model: "fake/other" },
      { type: "mode_changed", mode: "auto", sandbox: "no sandbox (full-access)" },
      { type: "error", code: "network", message: "connection reset", fatal: true },
    ]);
    expect(
      s.entries.map((e) => (e.kind === "notice" ? `${e.level}: ${e.text.split("\n")[0]}` : e.kind)),
    ).toEqual([
      "info: retrying in 1.5s (attempt 2): overloaded",
      "info: compacted history (auto): 9000 → 1200 tokens",
      "info: model: fake/other",
      "info: mode: auto (changes in the workspace run without asking; from the next tool call)",
      "error: connection reset",
    ]);
    expect(s).toMatchObject({
      model: "fake/other",
      mode: "auto",
      sandbox: "no sandbox (full-access)",
      context_tokens: 1200,
    });
  });

  it("never changes the state it is given", () => {
    const inputs: ConversationInput[] = [
      { type: "user_message", text: "go" },
      { type: "turn_started", turn_id: "t1" },
      { type: "steer_queued", text: "faster" },
      { type: "reasoning_delta", turn_id: "t1", message_id: "m1", delta: "hm" },
      { type: "message_delta", turn_id: "t1", message_id: "m1", delta: "ok" },
      { type: "message_done", turn_id: "t1", message_id: "m1", text: "ok" },
      usageEvent(5),
      started("c1", "shell", { command: "ls" }),
      { type: "tool_output_delta", call_id: "c1", stream: "stdout", chunk: "a\n" },
      { type: "approval_requested", turn_id: "t1", call_id: "c1", tool: "shell", summary: "ls" },
      { type: "approval_answered", call_id: "c1" },
      finished("c1", "todo", "", { details: { items: [] } }),
      { type: "turn_finished", turn_id: "t1", status: "done", steps: 1 },
      { type: "session_finished", session_id: "s", usage: usage(5), cost: cost(0) },
    ];
    let s = createConversation({ model: "fake/m", cwd: "/w", mode: "ask" });
    for (const input of inputs) {
      const copy = structuredClone(s);
      const next = reduceConversation(s, input);
      expect(s).toEqual(copy);
      expect(next).not.toBe(s);
      s = next;
    }
    expect(s.finished).toBe(true);
  });
});
