/**
 * Shared by the event replay tests (event-replay, event-seq-resume, event-replay-pending, event-store-crash): a
 * temp folder per test for session files, a session file and its writer, a subscription read to its end, events as JSON carries them, and what a session
 * file's `events` lines hold.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { SESSION_VERSION } from "../../src/core/session/format.ts";
import { createSessionWriter, type SessionWriter } from "../../src/core/session/writer.ts";
import type { AgentEvent } from "../../src/protocol/events.ts";

/** Registers a fresh temp folder for each test of the file (removed after it); call the result inside a test. */
export function registerTempDir(prefix: string): () => string {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/** A session file `s.jsonl` in `dir` (session "s", model "m") and its writer; nothing is written yet. */
export function sessionFile(dir: string): { path: string; writer: SessionWriter } {
  const path = join(dir, "s.jsonl");
  const writer = createSessionWriter(path, {
    type: "session",
    version: SESSION_VERSION,
    id: "s",
    created_at: new Date().toISOString(),
    cwd: dir,
    model: "m",
  });
  return { path, writer };
}

/** Every event of a subscription, once it ended. */
export async function collect(stream: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

/** As JSON carries them (a replay from the file went through JSON). */
export const plain = (events: AgentEvent[]) => JSON.parse(JSON.stringify(events)) as AgentEvent[];

/** The session file's `events` lines, as written. */
export const storedEventLines = (path: string): string[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.startsWith('{"type":"events"'));

/** Each seq the session file's `events` lines hold, in file order. */
export const storedSeqs = (path: string): number[] =>
  storedEventLines(path).flatMap((line) => {
    const { first_seq, count } = JSON.parse(line) as { first_seq: number; count: number };
    return Array.from({ length: count }, (_, i) => first_seq + i);
  });
