/**
 * A resumed session's transcript shows what the live view showed: real durations and statuses, the diff under
 * ok edit/write calls, the plan at each turn's end. A file written before tool records existed (format v1
 * without `ui`) loads and renders as it always did.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createToolSet } from "../../src/app/tool-set.ts";
import { transcriptEntries } from "../../src/conversation/transcript.ts";
import { parseSession, readSession } from "../../src/core/session/reader.ts";
import { createStyle } from "../../src/tui/style.ts";
import { renderItem } from "../../src/tui/view.ts";
import type { Item } from "../../src/tui/view-state.ts";
import { startAgent } from "../core/harness.ts";

let dir: string;
let cwd: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-sessions-"));
  cwd = mkdtempSync(join(tmpdir(), "tandem-ws-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

const call = (name: string, args: Record<string, unknown>) => ({ toolCalls: [{ name, arguments: args }] });
const todo = (a: string, b: string) =>
  call("todo", {
    items: [
      { content: "Fix a.txt", status: a },
      { content: "Add b.txt", status: b },
    ],
  });
const rows = (items: Item[]) =>
  items
    .flatMap((item) => renderItem(item, { width: 80, height: 30, style: createStyle(false), now: 0 }))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: SGR codes are what is removed
    .map((row) => row.replace(/\x1b\[[0-9;]*m/g, ""));

describe("resumed transcript", () => {
  it("shows durations, statuses, diffs and each turn's last plan from a session the agent wrote", async () => {
    writeFileSync(join(cwd, "a.txt"), "one\ntwo\n");
    const h = startAgent({
      session: { dir },
      cwd,
      tools: createToolSet({ cwd }).tools,
      gate: {
        check: async (c) =>
          c.tool.name === "shell" ? { action: "deny", reason: "no shell here" } : { action: "allow" },
      },
      script: [
        todo("in_progress", "pending"),
        call("read", { path: "a.txt" }),
        call("edit", { path: "a.txt", old_string: "two", new_string: "TWO" }),
        todo("completed", "in_progress"),
        { text: "Half done." },
        call("write", { path: "b.txt", content: "new file\n" }),
        call("shell", { command: "rm -rf build" }),
        todo("completed", "completed"),
        { text: "All done." },
      ],
    });
    h.agent.submit({ type: "user_input", text: "fix a" });
    h.agent.submit({ type: "user_input", text: "add b" });
    await h.finish();
    const loaded = await readSession(join(dir, `${h.agent.sessionId}.jsonl`));
    const items = transcriptEntries(loaded.history, loaded.turnEnds);

    const kinds = items.map((i) => (i.kind === "tool" ? `tool:${i.tool}:${i.status}` : i.kind));
    expect(kinds).toEqual([
      "user",
      "tool:todo:ok",
      "tool:read:ok",
      "tool:edit:ok",
      "tool:todo:ok",
      "assistant",
      "todos",
      "user",
      "tool:write:ok",
      "tool:shell:denied",
      "tool:todo:ok",
      "assistant",
      "todos",
    ]);
    // Without turn ends the plan is committed before the next user message instead: the same here.
    expect(transcriptEntries(loaded.history)).toEqual(items);
    const tools = items.filter((i): i is Extract<Item, { kind: "tool" }> => i.kind === "tool");
    expect(tools.map((t) => t.duration_ms)).toEqual(h.ofType("tool_call_finished").map((e) => e.duration_ms));
    expect(tools.every((t) => t.duration_ms >= 0)).toBe(true);
    expect(tools.find((t) => t.tool === "edit")?.diff).toContain("+TWO");
    expect(tools.find((t) => t.tool === "write")?.diff).toContain("+new file");
    expect(tools.find((t) => t.tool === "shell")?.reason).toBe("denied: no shell here");
    const plans = items.filter((i): i is Extract<Item, { kind: "todos" }> => i.kind === "todos");
    expect(plans.map((p) => p.items.map((t) => t.status))).toEqual([
      ["completed", "in_progress"],
      ["completed", "completed"],
    ]);

    const text = rows(items).join("\n");
    expect(text).toMatch(/✓ edit .*\(\d+ms\)/);
    expect(text).toMatch(/\+TWO/);
    expect(text).toContain("Plan 1/2 done");
    expect(text).toContain("Plan 2/2 done");
    expect(text).toMatch(/⊘ shell .*denied/);
  });

  it("keeps each call's output for Ctrl+O and shows reasoning collapsed", async () => {
    writeFileSync(join(cwd, "a.txt"), "alpha\nbeta\n");
    const thought = Array.from({ length: 8 }, (_, i) => `thought line ${i + 1}`).join("\n");
    const h = startAgent({
      session: { dir },
      cwd,
      tools: createToolSet({ cwd }).tools,
      script: [{ reasoning: thought, ...call("read", { path: "a.txt" }) }, { text: "Read it." }],
    });
    h.agent.submit({ type: "user_input", text: "read a" });
    await h.finish();
    const loaded = await readSession(join(dir, `${h.agent.sessionId}.jsonl`));
    const items = transcriptEntries(loaded.history, loaded.turnEnds);
    expect(items.map((i) => i.kind)).toEqual(["user", "reasoning", "tool", "assistant"]);
    const read = items.find((i): i is Extract<Item, { kind: "tool" }> => i.kind === "tool");
    expect(read?.output).toContain("beta");
    const text = rows(items).join("\n");
    expect(text).toContain("thought line 3");
    expect(text).not.toContain("thought line 4");
    expect(text).toContain("… 5 more lines (Ctrl+O to expand)");
  });

  it("loads a v1 file without tool records and renders it as before", () => {
    const file = [
      {
        type: "session",
        version: 1,
        id: "20261124T185000-a1b2",
        created_at: "2026-11-24T18:50:00.000Z",
        cwd,
        model: "openai/gpt-5.3-codex",
      },
      {
        type: "message",
        id: "9f1c2a7b",
        parent_id: null,
        at: "2026-11-24T18:50:01.000Z",
        message: { role: "user", content: [{ type: "text", text: "change it" }] },
      },
      {
        type: "message",
        id: "03b4e1d2",
        parent_id: "9f1c2a7b",
        at: "2026-11-24T18:50:02.000Z",
        message: {
          role: "assistant",
          content: [
            {
              type: "tool_call",
              id: "call_1",
              name: "edit",
              arguments: { path: "a.txt", old_string: "a", new_string: "b" },
            },
            {
              type: "tool_call",
              id: "call_2",
              name: "todo",
              arguments: { items: [{ content: "x", status: "pending" }] },
            },
            { type: "tool_call", id: "call_3", name: "shell", arguments: { command: "false" } },
          ],
          model: "openai/gpt-5.3-codex",
          protocol: "openai-responses",
          usage: { input: 1, output: 1, cachedInput: 0, cacheWrite: 0 },
          stopReason: "tool_use",
        },
      },
      {
        type: "message",
        id: "77aa0c11",
        parent_id: "03b4e1d2",
        at: "2026-11-24T18:50:03.000Z",
        message: {
          role: "tool_result",
          callId: "call_1",
          toolName: "edit",
          content: [{ type: "text", text: "Edited a.txt" }],
          isError: false,
        },
      },
      {
        type: "message",
        id: "77aa0c12",
        parent_id: "77aa0c11",
        at: "2026-11-24T18:50:03.000Z",
        message: {
          role: "tool_result",
          callId: "call_2",
          toolName: "todo",
          content: [{ type: "text", text: "Plan" }],
          isError: false,
        },
      },
      {
        type: "message",
        id: "77aa0c13",
        parent_id: "77aa0c12",
        at: "2026-11-24T18:50:03.000Z",
        message: {
          role: "tool_result",
          callId: "call_3",
          toolName: "shell",
          content: [{ type: "text", text: "[exit code 1]" }],
          isError: true,
        },
      },
      {
        type: "message",
        id: "77aa0c14",
        parent_id: "77aa0c13",
        at: "2026-11-24T18:50:04.000Z",
        message: {
          role: "assistant",
          content: [{ type: "text", text: "Done." }],
          model: "openai/gpt-5.3-codex",
          protocol: "openai-responses",
          usage: { input: 1, output: 1, cachedInput: 0, cacheWrite: 0 },
          stopReason: "stop",
        },
      },
      {
        type: "turn",
        id: "c0ffee01",
        parent_id: "77aa0c14",
        at: "2026-11-24T18:50:04.000Z",
        turn_id: "turn-1",
        status: "done",
        steps: 2,
      },
    ];
    const loaded = parseSession(`${file.map((l) => JSON.stringify(l)).join("\n")}\n`);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.history.some((i) => i.ui)).toBe(false);
    expect(transcriptEntries(loaded.history, loaded.turnEnds)).toEqual([
      { kind: "user", text: "change it" },
      {
        kind: "tool",
        call_id: "call_1",
        tool: "edit",
        summary: expect.any(String),
        status: "ok",
        duration_ms: -1,
        output: "Edited a.txt",
      },
      {
        kind: "tool",
        call_id: "call_2",
        tool: "todo",
        summary: expect.any(String),
        status: "ok",
        duration_ms: -1,
        output: "Plan",
      },
      {
        kind: "tool",
        call_id: "call_3",
        tool: "shell",
        summary: "false",
        status: "error",
        duration_ms: -1,
        // As the live view shows a failed call: its first line says why.
        reason: "[exit code 1]",
        output: "[exit code 1]",
      },
      { kind: "assistant", text: "Done." },
    ]);
    expect(rows(transcriptEntries(loaded.history)).join("\n")).toMatch(/^✓ edit [^(]*$/m);
  });

  it("ignores an invalid record and notes a diff that was too large to save", () => {
    const header = {
      type: "session",
      version: 1,
      id: "x",
      created_at: "2026-11-24T18:50:00.000Z",
      cwd,
      model: "m",
    };
    const assistant = {
      role: "assistant",
      content: [
        { type: "tool_call", id: "c1", name: "write", arguments: { path: "big.txt", content: "…" } },
        {
          type: "tool_call",
          id: "c2",
          name: "edit",
          arguments: { path: "a.txt", old_string: "a", new_string: "b" },
        },
      ],
      model: "m",
      protocol: "openai-responses",
      usage: { input: 0, output: 0, cachedInput: 0, cacheWrite: 0 },
      stopReason: "tool_use",
    };
    const result = (callId: string, toolName: string) => ({
      role: "tool_result",
      callId,
      toolName,
      content: [{ type: "text", text: "ok" }],
      isError: false,
    });
    const lines = [
      header,
      {
        type: "message",
        id: "e1",
        parent_id: null,
        at: "t",
        message: { role: "user", content: [{ type: "text", text: "go" }] },
      },
      { type: "message", id: "e2", parent_id: "e1", at: "t", message: assistant },
      {
        type: "message",
        id: "e3",
        parent_id: "e2",
        at: "t",
        message: result("c1", "write"),
        ui: { status: "ok", kind: "edit", duration_ms: 7, details_dropped: "too_large" },
      },
      {
        type: "message",
        id: "e4",
        parent_id: "e3",
        at: "t",
        message: result("c2", "edit"),
        ui: { status: "weird", duration_ms: "soon" },
      },
    ];
    const loaded = parseSession(`${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    const items = transcriptEntries(loaded.history, loaded.turnEnds);
    expect(items.slice(1)).toEqual([
      {
        kind: "tool",
        call_id: "c1",
        tool: "write",
        summary: expect.any(String),
        status: "ok",
        duration_ms: 7,
        output: "ok",
      },
      { kind: "notice", level: "info", text: "(the diff was too large to save)" },
      {
        kind: "tool",
        call_id: "c2",
        tool: "edit",
        summary: expect.any(String),
        status: "ok",
        duration_ms: -1,
        output: "ok",
      },
    ]);
  });

  it("shows a v1 file's camelCase shell record like a live one: the full-output file for Ctrl+O (format v1 → v2)", () => {
    const lines = [
      { type: "session", version: 1, id: "x", created_at: "2026-11-24T18:50:00.000Z", cwd, model: "m" },
      {
        type: "message",
        id: "e1",
        parent_id: null,
        at: "t",
        message: {
          role: "assistant",
          content: [{ type: "tool_call", id: "c1", name: "shell", arguments: { command: "make" } }],
          model: "m",
          protocol: "openai-responses",
          usage: { input: 0, output: 0, cachedInput: 0, cacheWrite: 0 },
          stopReason: "tool_use",
        },
      },
      {
        type: "message",
        id: "e2",
        parent_id: "e1",
        at: "t",
        message: {
          role: "tool_result",
          callId: "c1",
          toolName: "shell",
          content: [{ type: "text", text: "…" }],
          isError: true,
        },
        ui: {
          status: "error",
          duration_ms: 40,
          details: {
            exitCode: 2,
            durationMs: 40,
            timedOut: false,
            truncated: true,
            fullOutputPath: "/tmp/c1.log",
          },
        },
      },
    ];
    const loaded = parseSession(`${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    expect(transcriptEntries(loaded.history, loaded.turnEnds)).toMatchObject([
      { kind: "tool", tool: "shell", status: "error", duration_ms: 40, full_output_path: "/tmp/c1.log" },
    ]);
  });
});
