/**
 * Session format v1 stored usage and tool details in camelCase; v2 is snake_case like the events (issue 11).
 * A v1 file, written here the way v1 tandem wrote it, is read, listed and resumed through the real reader and
 * agent; the resume appends v2 entries under the file's v1 header, and the file still reads right after.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listSessions } from "../../src/core/session/list.ts";
import { readSession } from "../../src/core/session/reader.ts";
import { defaultUsage } from "../support/scripted-client.ts";
import { startAgent } from "./harness.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-migrate-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ID = "20261124T185000-a1b2";
const at = "2026-11-24T18:50:01.000Z";
const toolCall = (id: string, name: string, args: Record<string, unknown>) => ({
  type: "tool_call",
  id,
  name,
  arguments: args,
});
const result = (id: string, callId: string, toolName: string, details: unknown) => ({
  type: "message",
  id,
  parent_id: null,
  at,
  message: { role: "tool_result", callId, toolName, content: [{ type: "text", text: "ok" }], isError: false },
  ui: { status: "ok", duration_ms: 12, details },
});
const assistant = (id: string, content: unknown[], usage: Record<string, number>) => ({
  type: "message",
  id,
  parent_id: null,
  at,
  message: {
    role: "assistant",
    content,
    model: "test/model-a",
    protocol: "openai-responses",
    usage,
    stopReason: "stop",
  },
});

/** A session exactly as tandem's format v1 wrote it: camelCase usage and details. */
function writeV1Session(): string {
  const lines = [
    {
      type: "session",
      version: 1,
      id: ID,
      created_at: "2026-11-24T18:50:00.000Z",
      cwd: "/p",
      model: "test/model-a",
    },
    {
      type: "message",
      id: "u1",
      parent_id: null,
      at,
      message: { role: "user", content: [{ type: "text", text: "go on" }] },
    },
    assistant(
      "a1",
      [
        toolCall("c1", "shell", { command: "make" }),
        toolCall("c2", "read", { path: "a.txt" }),
        toolCall("c3", "grep", { pattern: "x" }),
        toolCall("c4", "apply_patch", { input: "…" }),
      ],
      { input: 100, cachedInput: 1_000, cacheWrite: 50, output: 20, reasoning: 5 },
    ),
    result("r1", "c1", "shell", {
      exitCode: 2,
      signal: null,
      durationMs: 12,
      timedOut: false,
      aborted: false,
      truncated: true,
      fullOutputPath: "/tmp/tandem-shell-x/c1.log",
    }),
    result("r2", "c2", "read", {
      path: "/p/a.txt",
      kind: "file",
      startLine: 1,
      endLine: 2,
      totalLines: 2,
      truncated: false,
    }),
    result("r3", "c3", "grep", { backend: "ripgrep", shown: 1, total: 1, totalExact: true, files: 1 }),
    result("r4", "c4", "apply_patch", {
      changes: [{ type: "update", path: "b.txt", movePath: "c.txt", diff: "--- a/b.txt\n+++ b/c.txt\n" }],
    }),
    assistant("a2", [{ type: "text", text: "Done." }], {
      input: 10,
      cachedInput: 500,
      cacheWrite: 0,
      output: 5,
      reasoning: 0,
    }),
    { type: "turn", id: "t1", parent_id: "a2", at, turn_id: "turn-1", status: "done", steps: 2 },
  ];
  const path = join(dir, `${ID}.jsonl`);
  writeFileSync(path, `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
  return path;
}

const detailsOf = (session: Awaited<ReturnType<typeof readSession>>) =>
  session.history.flatMap((item) => (item.ui?.details === undefined ? [] : [item.ui.details]));
const usagesOf = (session: Awaited<ReturnType<typeof readSession>>) =>
  session.history.flatMap((item) => (item.message.role === "assistant" ? [item.message.usage] : []));

describe("session format v1 → v2 (snake_case usage and details)", () => {
  it("reads a v1 file with usage and every tool's details in snake_case", async () => {
    const loaded = await readSession(writeV1Session());
    expect(loaded.warnings).toEqual([]);
    expect(usagesOf(loaded)).toEqual([
      { input: 100, cached_input: 1_000, cache_write: 50, output: 20, reasoning: 5 },
      { input: 10, cached_input: 500, cache_write: 0, output: 5, reasoning: 0 },
    ]);
    expect(detailsOf(loaded)).toEqual([
      {
        exit_code: 2,
        signal: null,
        duration_ms: 12,
        timed_out: false,
        aborted: false,
        truncated: true,
        full_output_path: "/tmp/tandem-shell-x/c1.log",
      },
      { path: "/p/a.txt", kind: "file", start_line: 1, end_line: 2, total_lines: 2, truncated: false },
      { backend: "ripgrep", shown: 1, total: 1, total_exact: true, files: 1 },
      {
        changes: [{ type: "update", path: "b.txt", move_path: "c.txt", diff: "--- a/b.txt\n+++ b/c.txt\n" }],
      },
    ]);
  });

  it("lists a v1 file like any other", async () => {
    writeV1Session();
    expect(await listSessions(dir)).toMatchObject([{ id: ID, preview: "go on", model: "test/model-a" }]);
  });

  it("resumes a v1 file: totals continue from its usage, and the appended v2 entries read back unchanged", async () => {
    const path = writeV1Session();
    const h = startAgent({ session: { dir, resume: ID }, script: [{ text: "Again." }] });
    h.agent.submit({ type: "user_input", text: "once more" });
    await h.finish();
    expect(h.ofType("session_started")[0]?.session_usage).toEqual({
      input: 110,
      cached_input: 1_500,
      cache_write: 50,
      output: 25,
      reasoning: 5,
    });
    expect(h.ofType("session_finished")[0]?.usage).toMatchObject({
      cached_input: 1_500 + defaultUsage.cached_input,
    });

    // The file keeps its v1 header (it is never rewritten) and now ends in v2 entries: reading it migrates
    // them again, which must leave them as they are.
    expect(JSON.parse(readFileSync(path, "utf8").split("\n")[0] ?? "")).toMatchObject({ version: 1 });
    const again = await readSession(path);
    expect(again.warnings).toEqual([]);
    expect(usagesOf(again).at(-1)).toEqual(defaultUsage);
    expect(usagesOf(again)).toHaveLength(3);
    expect(detailsOf(again)).toHaveLength(4);
  });
});
