import { describe, expect, it } from "vitest";
import { planCut, SUMMARY_SYSTEM_PROMPT } from "../../src/core/compaction.ts";
import { type HistoryItem, textOf, userMessage } from "../../src/core/history.ts";
import type { Message } from "../../src/providers/types.ts";
import { expectValidHistory, startAgent } from "./harness.ts";
import { echoTool } from "./test-tools.ts";

const read = (path: string) => ({ toolCalls: [{ name: "read_file", arguments: { path } }] });
const texts = (messages: Message[]) => messages.map((m) => `${m.role}:${textOf(m).slice(0, 40)}`);

describe("compaction", () => {
  it("auto: summarizes older turns when the context passes the threshold, keeping user messages verbatim", async () => {
    const h = startAgent({
      tools: [echoTool()],
      entry: { contextWindow: 10_000 },
      compaction: { threshold: 0.8, keepRecentTokens: 5 },
      script: [
        read("a.txt"),
        { text: "done one", usage: { input: 8_500 } },
        { text: "## Goal\nfinish the task\n## Next steps\nnone" },
        { text: "done two" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "task one" });
    await h.waitFor("turn_finished");
    expect(h.ofType("compacted")).toHaveLength(0);
    h.agent.submit({ type: "user_input", text: "task two" });
    await h.finish();

    const summaryRequest = h.client.requests[2];
    expect(summaryRequest?.system).toBe(SUMMARY_SYSTEM_PROMPT);
    expect(summaryRequest?.tools).toEqual([]);
    const transcript = textOf(summaryRequest?.messages[0] as Message);
    expect(transcript).toContain("[user]\ntask one");
    expect(transcript).toContain('[tool call read_file {"path":"a.txt"}]');
    expect(transcript).toContain("contents of a.txt");

    const compacted = h.ofType("compacted")[0];
    expect(compacted).toMatchObject({ trigger: "auto", tokens_before: 8_520, turn_id: "turn-2" });
    expect(compacted?.tokens_after).toBeLessThan(200);

    const next = h.client.requests[3]?.messages ?? [];
    expect(texts(next)).toEqual([
      "user:task one",
      "user:[Summary of earlier conversation. Older ",
      "user:task two",
    ]);
    expect(textOf(next[1] as Message)).toContain("finish the task");
    // The summarization request is paid for and reported too.
    expect(h.ofType("usage")).toHaveLength(4);
    expect(h.ofType("usage")[2]?.session_usage.input).toBe(100 + 8_500 + 100);
  });

  it("auto within a turn: cuts before an assistant message, never between a call and its result", async () => {
    const h = startAgent({
      tools: [echoTool()],
      entry: { contextWindow: 10_000 },
      compaction: { threshold: 0.8, keepRecentTokens: 5 },
      script: [read("a"), { ...read("b"), usage: { input: 9_000 } }, { text: "summary" }, { text: "done" }],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    const last = h.client.requests[3]?.messages ?? [];
    expect(last.map((m) => m.role)).toEqual(["user", "user", "assistant", "tool_result"]);
    expect(textOf(last[0] as Message)).toBe("go");
    expectValidHistory(last);
    expect(h.ofType("turn_finished")[0]).toMatchObject({ status: "done", steps: 3 });
  });

  it("a context overflow error compacts and retries the request once", async () => {
    const h = startAgent({
      tools: [echoTool()],
      compaction: { threshold: 0.8, keepRecentTokens: 5 },
      script: [
        read("a"),
        read("b"),
        { error: { kind: "context_overflow", message: "the prompt is too long." } },
        { text: "summary after overflow" },
        { text: "fits now" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    expect(h.ofType("error")).toHaveLength(0);
    expect(h.ofType("compacted")[0]?.trigger).toBe("auto");
    expect(h.ofType("turn_finished")[0]).toMatchObject({ status: "done", steps: 4 });
    const retried = h.client.requests[4]?.messages ?? [];
    expect(retried).toHaveLength(4);
    expectValidHistory(retried);
  });

  it("manual: compact submission summarizes now", async () => {
    const h = startAgent({
      tools: [echoTool()],
      compaction: { threshold: 0.8, keepRecentTokens: 5 },
      script: [read("a"), { text: "first done" }, { text: "the summary" }, { text: "second done" }],
    });
    h.agent.submit({ type: "user_input", text: "first" });
    h.agent.submit({ type: "compact" });
    h.agent.submit({ type: "user_input", text: "second" });
    await h.finish();
    const compacted = h.ofType("compacted")[0];
    expect(compacted?.trigger).toBe("manual");
    expect(compacted).not.toHaveProperty("turn_id");
    expect(h.ofType("usage")[2]?.turn_id).toBe("compact-1");
    const next = h.client.requests[3]?.messages ?? [];
    expect(texts(next)[0]).toBe("user:first");
    expect(textOf(next[1] as Message)).toContain("the summary");
    expect(next.at(-1) && textOf(next.at(-1) as Message)).toBe("second");
  });

  it("manual with nothing to compact says so", async () => {
    const h = startAgent({ script: [] });
    h.agent.submit({ type: "compact" });
    await h.finish();
    expect(h.ofType("notice")[0]?.message).toBe("nothing to compact yet");
    expect(h.client.requests).toHaveLength(0);
  });

  it("a failed summary keeps the full history and the turn goes on", async () => {
    const h = startAgent({
      tools: [echoTool()],
      entry: { contextWindow: 10_000 },
      compaction: { threshold: 0.5, keepRecentTokens: 5 },
      script: [
        { ...read("a"), usage: { input: 9_000 } },
        { ...read("b"), usage: { input: 9_500 } },
        { error: { kind: "server", message: "summarizer down." } },
        { text: "finished anyway" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    expect(h.ofType("error")[0]).toMatchObject({ code: "compaction_failed", fatal: false });
    expect(h.ofType("error")[0]?.message).toContain("The full history was kept");
    expect(h.ofType("compacted")).toHaveLength(0);
    expect(h.client.requests[3]?.messages).toHaveLength(5);
    expect(h.ofType("turn_finished")[0]?.status).toBe("done");
  });
});

describe("planCut", () => {
  const item = (id: string, message: Message): HistoryItem => ({ id, message });
  const assistant = (callIds: string[], text = ""): Message => ({
    role: "assistant",
    content: [
      ...(text ? [{ type: "text" as const, text }] : []),
      ...callIds.map((id) => ({ type: "tool_call" as const, id, name: "t", arguments: {} })),
    ],
    model: "m",
    protocol: "openai-responses",
    usage: { input: 0, cached_input: 0, cache_write: 0, output: 0, reasoning: 0 },
    stopReason: "stop",
  });
  const result = (id: string, size: number): Message => ({
    role: "tool_result",
    callId: id,
    toolName: "t",
    content: [{ type: "text", text: "r".repeat(size) }],
    isError: false,
  });

  it("prefers a user message boundary", () => {
    const items = [
      item("1", userMessage("a")),
      item("2", assistant(["c1"])),
      item("3", result("c1", 400)),
      item("4", userMessage("b")),
      item("5", assistant([], "x".repeat(40))),
    ];
    expect(planCut(items, 50)).toBe(3);
  });

  it("never starts the kept part with a tool result", () => {
    const items = [
      item("1", userMessage("a")),
      item("2", assistant(["c1"])),
      item("3", result("c1", 400)),
      item("4", assistant(["c2", "c3"])),
      item("5", result("c2", 40)),
      item("6", result("c3", 40)),
    ];
    const cut = planCut(items, 25) as number;
    expect(cut).toBe(3);
    expect(items[cut]?.message.role).toBe("assistant");
  });

  it("finds nothing to do when older history holds only user messages", () => {
    expect(planCut([item("1", userMessage("a")), item("2", userMessage("b"))], 0)).toBeUndefined();
  });
});
