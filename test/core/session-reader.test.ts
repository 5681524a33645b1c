import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textOf } from "../../src/core/history.ts";
import { SESSION_VERSION } from "../../src/core/session/format.ts";
import { migrateSession, SessionFormatError } from "../../src/core/session/migrate.ts";
import { parseSession, readSession } from "../../src/core/session/reader.ts";
import { startAgent } from "./harness.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-reader-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const header = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: "session",
    version: SESSION_VERSION,
    id: "s1",
    created_at: "2026-11-24T18:00:00.000Z",
    cwd: "/p",
    model: "test/model-a",
    ...extra,
  });
const msg = (id: string, parent: string | null, role: "user" | "assistant", text: string) =>
  JSON.stringify({
    type: "message",
    id,
    parent_id: parent,
    at: "2026-11-24T18:00:01.000Z",
    message:
      role === "user"
        ? { role, content: [{ type: "text", text }] }
        : {
            role,
            content: [{ type: "text", text }],
            model: "test/model-a",
            protocol: "openai-responses",
            usage: { input: 1, cached_input: 0, cache_write: 0, output: 1, reasoning: 0 },
            stopReason: "stop",
          },
  });

describe("session reader", () => {
  it("skips a last line cut by a crash and reports it", () => {
    const text = `${header()}\n${msg("a", null, "user", "hi")}\n${msg("b", "a", "assistant", "hello")}\n{"type":"message","id":"c","par`;
    const loaded = parseSession(text);
    expect(loaded.history.map((i) => textOf(i.message))).toEqual(["hi", "hello"]);
    expect(loaded.warnings).toEqual([
      "the last line was cut off (the session ended mid-write); it was skipped",
    ]);
    expect(loaded.lastEntryId).toBe("b");
  });

  it("resumes a crash-truncated file and appends cleanly after the last whole line", async () => {
    const path = join(dir, "s1.jsonl");
    writeFileSync(
      path,
      `${header({ id: "s1" })}\n${msg("a", null, "user", "hi")}\n${msg("b", "a", "assistant", "hello")}\n{"type":"mess`,
    );
    const h = startAgent({ session: { dir, resume: "s1" }, script: [{ text: "again" }] });
    h.agent.submit({ type: "user_input", text: "still there?" });
    await h.finish();
    expect(h.ofType("notice")[0]?.message).toContain("the last line was cut off");
    expect(h.client.requests[0]?.messages.map((m) => textOf(m))).toEqual(["hi", "hello", "still there?"]);
    const loaded = await readSession(path);
    expect(loaded.warnings).toEqual([]);
    expect(
      loaded.entries.find((e) => e.type === "message" && textOf(e.message) === "still there?")?.parent_id,
    ).toBe("b");
    expect(readFileSync(path, "utf8")).not.toContain('{"type":"mess\n');
  });

  it("skips entry types it does not know", () => {
    const text = [
      header(),
      msg("a", null, "user", "hi"),
      JSON.stringify({
        type: "label",
        id: "x",
        parent_id: "a",
        at: "2026-11-24T18:00:02.000Z",
        name: "later feature",
      }),
      msg("b", "x", "assistant", "hello"),
    ].join("\n");
    const loaded = parseSession(`${text}\n`);
    expect(loaded.history).toHaveLength(2);
    expect(loaded.warnings).toEqual(["1 entry of unknown type skipped"]);
  });

  it("refuses a session from a newer format version with a clear error", async () => {
    const path = join(dir, "future.jsonl");
    writeFileSync(path, `${header({ version: SESSION_VERSION + 1 })}\n`);
    const before = readFileSync(path, "utf8");
    await expect(readSession(path)).rejects.toThrow(SessionFormatError);
    await expect(readSession(path)).rejects.toThrow(
      `newer tandem (format v${SESSION_VERSION + 1}; this version reads up to v${SESSION_VERSION})`,
    );
    expect(readFileSync(path, "utf8")).toBe(before);
  });

  it("runs migrations in order by header version", () => {
    const legacy = {
      header: { type: "session", id: "old", created: "2026-01-01T00:00:00.000Z", cwd: "/p", model: "m" },
      entries: [{ kind: "user", text: "legacy hello" }],
    };
    const table = {
      // v0 → v1: rename created → created_at; entries {kind,text} → message entries.
      0: (s: typeof legacy) => ({
        header: { ...s.header, created_at: s.header.created },
        entries: s.entries.map((e, i) => ({
          type: "message",
          id: `m${i}`,
          parent_id: null,
          at: s.header.created,
          message: { role: e.kind, content: [{ type: "text", text: e.text }] },
        })),
      }),
      1: () => {
        throw new Error("must not run past the current version");
      },
    };
    const migrated = migrateSession(legacy as never, table as never, 1);
    expect(migrated.header).toMatchObject({ version: 1, created_at: "2026-01-01T00:00:00.000Z" });
    expect(migrated.entries[0]).toMatchObject({ type: "message", message: { role: "user" } });
    // With the shipped (empty) table, an unversioned file has no path forward and says so.
    expect(() => migrateSession(legacy as never)).toThrow(/no migration from session format v0 to v1/);
  });

  it("rejects a file that is not a session", () => {
    expect(() => parseSession('{"hello":1}\n', "x.jsonl")).toThrow("x.jsonl is not a tandem session");
  });

  it("tolerates an appended line after a clean file", () => {
    const path = join(dir, "s.jsonl");
    writeFileSync(path, `${header()}\n`);
    appendFileSync(path, `${msg("a", null, "user", "x")}\n`);
    expect(parseSession(readFileSync(path, "utf8")).history).toHaveLength(1);
  });
});
