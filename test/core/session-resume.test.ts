import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textOf } from "../../src/core/history.ts";
import { SESSION_VERSION } from "../../src/core/session/format.ts";
import { readSession } from "../../src/core/session/reader.ts";
import type { Message } from "../../src/providers/types.ts";
import { expectValidHistory, startAgent } from "./harness.ts";
import { echoTool } from "./test-tools.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-sessions-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    // The event log's copy (docs/events.md, "Replay") is outside the entry chain.
    .filter((record) => record.type !== "events");

describe("session files", () => {
  it("writes a header and chained entries for messages, model changes and turns", async () => {
    const h = startAgent({
      session: { dir },
      cwd: "/some/project",
      tools: [echoTool()],
      script: [{ toolCalls: [{ name: "read_file", arguments: { path: "a" } }] }, { text: "done" }],
      models: { "test/model-b": { script: [] } },
    });
    expect(h.agent.sessionId).toMatch(/^\d{8}T\d{6}-[0-9a-f]{4}$/);
    h.agent.submit({ type: "user_input", text: "read a" });
    await h.waitFor("turn_finished");
    h.agent.submit({ type: "set_model", model: "test/model-b" });
    await h.finish();
    const path = join(dir, `${h.agent.sessionId}.jsonl`);
    const [header, ...entries] = lines(path);
    expect(header).toMatchObject({
      type: "session",
      version: SESSION_VERSION,
      id: h.agent.sessionId,
      cwd: "/some/project",
      model: "test/model-a",
    });
    expect(typeof header?.created_at).toBe("string");
    expect(entries.map((e) => e.type)).toEqual([
      "message",
      "message",
      "message",
      "message",
      "turn",
      "model_change",
    ]);
    expect(entries[0]?.parent_id).toBeNull();
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.parent_id).toBe(entries[i - 1]?.id);
    expect(entries[4]).toMatchObject({ turn_id: "turn-1", status: "done", steps: 2 });
    expect(entries[5]).toMatchObject({ model: "test/model-b" });
    expect(entries.every((e) => typeof e.at === "string" && typeof e.id === "string")).toBe(true);
  });

  it("resumes: loads the history, reports resumed, appends to the same file", async () => {
    const first = startAgent({ session: { dir }, script: [{ text: "Paris." }] });
    first.agent.submit({ type: "user_input", text: "capital of France?" });
    await first.finish();
    const id = first.agent.sessionId;

    const second = startAgent({ session: { dir, resume: id }, script: [{ text: "Berlin." }] });
    expect(second.agent.sessionId).toBe(id);
    second.agent.submit({ type: "user_input", text: "and Germany?" });
    await second.finish();
    expect(second.ofType("session_started")[0]).toMatchObject({ session_id: id, resumed: true });
    const messages = second.client.requests[0]?.messages ?? [];
    expect(messages.map((m) => `${m.role}:${textOf(m)}`)).toEqual([
      "user:capital of France?",
      "assistant:Paris.",
      "user:and Germany?",
    ]);
    const loaded = await readSession(join(dir, `${id}.jsonl`));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.history.map((i) => textOf(i.message))).toEqual([
      "capital of France?",
      "Paris.",
      "and Germany?",
      "Berlin.",
    ]);
    expect(loaded.entries.filter((e) => e.type === "turn")).toHaveLength(2);
  });

  it("resumes a compacted session as compacted, user messages verbatim", async () => {
    const first = startAgent({
      session: { dir },
      tools: [echoTool()],
      compaction: { threshold: 0.8, keepRecentTokens: 5 },
      script: [
        { toolCalls: [{ name: "read_file", arguments: { path: "a" } }] },
        { text: "one done" },
        { text: "SUMMARY-TEXT" },
      ],
    });
    first.agent.submit({ type: "user_input", text: "step one" });
    first.agent.submit({ type: "compact" });
    await first.finish();
    expect(first.ofType("compacted")).toHaveLength(1);

    const second = startAgent({ session: { dir, resume: first.agent.sessionId }, script: [{ text: "ok" }] });
    second.agent.submit({ type: "user_input", text: "step two" });
    await second.finish();
    const messages = second.client.requests[0]?.messages ?? [];
    expect(textOf(messages[0] as Message)).toBe("step one");
    expect(textOf(messages[1] as Message)).toContain("SUMMARY-TEXT");
    expect(messages.some((m) => m.role === "tool_result")).toBe(false);
    expect(textOf(messages.at(-1) as Message)).toBe("step two");
  });

  it("records the model a resumed session continues with", async () => {
    const first = startAgent({ session: { dir }, script: [{ text: "a" }] });
    first.agent.submit({ type: "user_input", text: "hi" });
    await first.finish();
    const second = startAgent({
      session: { dir, resume: first.agent.sessionId },
      model: "test/model-b",
      models: { "test/model-b": { script: [] } },
    });
    await second.finish();
    const loaded = await readSession(join(dir, `${first.agent.sessionId}.jsonl`));
    expect(loaded.model).toBe("test/model-b");
  });

  it("fails to start with a clear error when the session does not exist", async () => {
    const h = startAgent({ session: { dir, resume: "20260101T000000-dead" } });
    const events = await h.finish();
    expect(events.map((e) => e.type)).toEqual(["error", "session_finished"]);
    expect(events[0]).toMatchObject({ code: "session_start", fatal: true });
    expect(events[0]?.type === "error" && events[0].message).toContain("no session file");
  });

  it("answers tool calls a crash left without a result when resuming", async () => {
    const first = startAgent({
      session: { dir },
      tools: [echoTool()],
      script: [{ toolCalls: [{ name: "read_file", arguments: { path: "a" } }] }],
    });
    first.agent.submit({ type: "user_input", text: "go" });
    await first.waitFor("tool_call_started");
    await first.finish();
    // Simulate the crash: drop everything after the assistant message.
    const path = join(dir, `${first.agent.sessionId}.jsonl`);
    const kept = readFileSync(path, "utf8")
      .trimEnd()
      .split("\n")
      .filter((line) => !line.startsWith('{"type":"events"'))
      .slice(0, 3);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, `${kept.join("\n")}\n`);

    const second = startAgent({ session: { dir, resume: first.agent.sessionId }, script: [{ text: "ok" }] });
    second.agent.submit({ type: "user_input", text: "continue" });
    await second.finish();
    expect(second.ofType("notice")[0]?.message).toContain("had no result");
    const messages = second.client.requests[0]?.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "tool_result", "user"]);
    expectValidHistory(messages);
    // The repair was written, so the next load needs none.
    const loaded = await readSession(path);
    expect(loaded.repairs).toHaveLength(0);
    expect(loaded.warnings).toEqual([]);
  });
});
