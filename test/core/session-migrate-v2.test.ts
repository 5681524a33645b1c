/**
 * Session format v2 kept the stored provider `message` in the providers' camelCase (`stopReason`, `callId`,
 * `toolName`, `isError`, `invalidArguments`) while everything else in the file was snake_case; v3 stores it in
 * snake_case too. `fixtures/session-v2.jsonl` is a real v2 file, written by `tandem exec` (format v2) against
 * the fake model server: a reasoning block, a shell call, a read that failed, a call with malformed arguments,
 * an answer. It is read, listed and resumed through the real reader and agent; the resume appends v3 entries
 * under its v2 header, and the file still reads the same.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_VERSION } from "../../src/core/session/format.ts";
import { listSessions } from "../../src/core/session/list.ts";
import { loadedMessage, storedMessage } from "../../src/core/session/message-casing.ts";
import { snakeCaseMessages } from "../../src/core/session/migrate-v2-message-casing.ts";
import { readSession } from "../../src/core/session/reader.ts";
import type { Message } from "../../src/providers/types.ts";
import { startAgent } from "./harness.ts";

const FIXTURE = fileURLToPath(new URL("fixtures/session-v2.jsonl", import.meta.url));
const ID = "20261204T185226-80bd";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-migrate-v2-"));
  path = join(dir, `${ID}.jsonl`);
  copyFileSync(FIXTURE, path);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The message lines of a session file, as stored. */
const storedMessages = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.startsWith('{"type":"message"'))
    .map((line) => (JSON.parse(line) as { message: Record<string, unknown> }).message);

/** Every key at any depth, except data: tool call arguments and vendor state. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === "arguments" || key === "vendor" ? [key] : [key, ...keysOf(inner)],
  );
}

describe("session format v2 → v3 (the stored message in snake_case)", () => {
  it("the fixture is a v2 file with camelCase messages (so the tests below can fail)", () => {
    const text = readFileSync(path, "utf8");
    expect(JSON.parse(text.split("\n")[0] ?? "")).toMatchObject({ version: 2 });
    const keys = keysOf(storedMessages(text));
    for (const key of ["stopReason", "callId", "toolName", "isError", "invalidArguments"])
      expect(keys).toContain(key);
  });

  it("reads the real v2 file into the providers' messages", async () => {
    const loaded = await readSession(path);
    expect(loaded.warnings).toEqual([]);
    const messages = loaded.history.map((item) => item.message);
    expect(messages.map((m) => m.role)).toEqual([
      "user",
      "assistant",
      "tool_result",
      "tool_result",
      "assistant",
      "tool_result",
      "assistant",
    ]);
    expect(messages[1]).toMatchObject({ stopReason: "tool_use", usage: { cached_input: 0 } });
    expect(messages[2]).toMatchObject({ callId: "call_000004fake", toolName: "shell", isError: false });
    expect(messages[3]).toMatchObject({ callId: "call_000006fake", toolName: "read", isError: true });
    expect(messages[4]?.content[0]).toMatchObject({
      type: "tool_call",
      arguments: {},
      invalidArguments: '{"path": "a.txt"',
    });
    expect(messages[6]).toMatchObject({ stopReason: "stop" });
    // No stored name is left over beside the loaded one.
    expect(
      keysOf(messages).filter((k) => k.includes("_") && k !== "cached_input" && k !== "cache_write"),
    ).toEqual([]);
  });

  it("lists the v2 file like any other", async () => {
    expect(await listSessions(dir)).toMatchObject([{ id: ID, preview: "say hi", model: "fake/fake-model" }]);
  });

  it("resumes it: the request holds the same messages, the appended v3 entries are snake_case and read back", async () => {
    const before = (await readSession(path)).history.map((item) => item.message);
    const h = startAgent({ session: { dir, resume: ID }, script: [{ text: "Again." }] });
    h.agent.submit({ type: "user_input", text: "once more" });
    await h.finish();
    const sent = h.client.requests[0]?.messages ?? [];
    expect(sent.slice(0, before.length)).toEqual(before);

    const text = readFileSync(path, "utf8");
    // Never rewritten: the v2 header stays, the new entries are v3's.
    expect(JSON.parse(text.split("\n")[0] ?? "")).toMatchObject({ version: 2 });
    const appended = storedMessages(text).slice(before.length);
    expect(appended.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(appended[1]).toMatchObject({ stop_reason: "stop" });
    expect(keysOf(appended).filter((k) => /[A-Z]/.test(k))).toEqual([]);

    // The migration runs over the v3 entries too and leaves them as they are.
    const again = await readSession(path);
    expect(again.warnings).toEqual([]);
    expect(again.history.map((item) => item.message)).toEqual([
      ...before,
      { role: "user", content: [{ type: "text", text: "once more" }] },
      expect.objectContaining({ role: "assistant", stopReason: "stop" }),
    ]);
  });

  it("a new session is written as v3, its messages snake_case", async () => {
    const h = startAgent({
      session: { dir },
      script: [{ toolCalls: [{ name: "missing_tool", arguments: {} }] }, { text: "ok" }],
    });
    h.agent.submit({ type: "user_input", text: "hi" });
    await h.finish();
    const text = readFileSync(join(dir, `${h.agent.sessionId}.jsonl`), "utf8");
    expect(JSON.parse(text.split("\n")[0] ?? "")).toMatchObject({ version: SESSION_VERSION });
    expect(SESSION_VERSION).toBe(3);
    const stored = storedMessages(text);
    expect(stored[2]).toMatchObject({ role: "tool_result", call_id: expect.any(String), is_error: true });
    expect(keysOf(stored).filter((k) => /[A-Z]/.test(k))).toEqual([]);
  });

  it("renames declared fields only, both ways, idempotently; arguments and vendor data are kept", () => {
    const message: Message = {
      role: "assistant",
      content: [
        { type: "text", text: "t", vendor: { protocol: "google-gemini", data: { thoughtSignature: "s" } } },
        { type: "tool_call", id: "c", name: "x", arguments: { someArg: 1 }, invalidArguments: "{" },
      ],
      model: "m",
      protocol: "google-gemini",
      usage: { input: 1, cached_input: 0, cache_write: 0, output: 1, reasoning: 0 },
      stopReason: "error",
      errorMessage: "boom",
    };
    const stored = storedMessage(message);
    expect(stored).toMatchObject({
      stop_reason: "error",
      error_message: "boom",
      content: [
        { vendor: { data: { thoughtSignature: "s" } } },
        { arguments: { someArg: 1 }, invalid_arguments: "{" },
      ],
    });
    expect(storedMessage(stored)).toEqual(stored);
    expect(loadedMessage(stored)).toEqual(message);
    const image = { role: "user", content: [{ type: "image", mimeType: "image/png", data: "AA" }] };
    expect(storedMessage(image)).toEqual({
      role: "user",
      content: [{ type: "image", mime_type: "image/png", data: "AA" }],
    });
    const session = { header: { type: "session", version: 2 }, entries: [{ type: "message", message }] };
    const once = snakeCaseMessages(session);
    expect(snakeCaseMessages(once)).toEqual(once);
  });
});
