/**
 * A session file appears with its first entry: opening a session and closing it without a message (the UI
 * opened and quit, bare `tandem resume` before a pick) leaves nothing behind for `tandem sessions` to list.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSessionWriter } from "../../src/core/session/writer.ts";
import { startAgent } from "./harness.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-lazy-session-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const header = { type: "session", version: 1, id: "x", created_at: "now", cwd: "/", model: "a/b" } as const;

describe("session file creation", () => {
  it("writes no file for a session that never records anything", async () => {
    const h = startAgent({ session: { dir }, script: [] });
    await h.finish();
    expect(existsSync(join(dir, `${h.agent.sessionId}.jsonl`))).toBe(false);
  });

  it("writes the header with the first entry", async () => {
    const h = startAgent({ session: { dir }, script: [{ text: "hi" }] });
    h.agent.submit({ type: "user_input", text: "hello" });
    await h.waitFor("turn_finished");
    await h.finish();
    const lines = readFileSync(join(dir, `${h.agent.sessionId}.jsonl`), "utf8")
      .trimEnd()
      .split("\n");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ type: "session", id: h.agent.sessionId });
    expect(lines.length).toBeGreaterThan(2);
  });

  it("still refuses at once a file that already exists, leaving it untouched", () => {
    const taken = join(dir, "taken.jsonl");
    writeFileSync(taken, "keep me\n");
    expect(() => createSessionWriter(taken, header)).toThrow(/already exists/);
    expect(readFileSync(taken, "utf8")).toBe("keep me\n");
  });
});
