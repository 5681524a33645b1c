/** A resumed session's stream continues the seq its file left off at: no seq twice in one session file. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/protocol/events.ts";
import { startAgent } from "./harness.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-seq-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const collect = async (stream: AsyncIterable<AgentEvent>) => {
  const out: AgentEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
};
const plain = (events: AgentEvent[]) => JSON.parse(JSON.stringify(events)) as AgentEvent[];

describe("seq across resume", () => {
  it("continues after the file's last seq; replay from 0 spans both runs", async () => {
    const first = startAgent({ session: { dir }, script: [{ text: "Paris." }] });
    first.agent.submit({ type: "user_input", text: "capital of France?" });
    const one = await first.finish();
    const id = first.agent.sessionId;

    const second = startAgent({ session: { dir, resume: id }, replayTail: 3, script: [{ text: "Berlin." }] });
    second.agent.submit({ type: "user_input", text: "and Germany?" });
    const two = await second.finish();
    expect(two[0]).toMatchObject({ type: "session_started", resumed: true, seq: one.length + 1 });
    expect(two.map((e) => e.seq)).toEqual(two.map((_, i) => one.length + 1 + i));

    // The file holds each seq once, in order.
    const seqs = readFileSync(join(dir, `${id}.jsonl`), "utf8")
      .split("\n")
      .filter((line) => line.startsWith('{"type":"events"'))
      .flatMap((line) => {
        const { first_seq, count } = JSON.parse(line) as { first_seq: number; count: number };
        return Array.from({ length: count }, (_, i) => first_seq + i);
      });
    expect(seqs).toEqual([...one, ...two].map((_, i) => i + 1));

    // A late subscriber of the second run replays the first run from the file.
    expect(plain(await collect(second.agent.subscribe({ after: 0 })))).toEqual(plain([...one, ...two]));
  });

  it("after a crash cut the last events line, the next run still never reuses a seq the file holds", async () => {
    const first = startAgent({ session: { dir }, script: [{ text: "Paris." }] });
    first.agent.submit({ type: "user_input", text: "capital of France?" });
    const one = await first.finish();
    const id = first.agent.sessionId;
    const path = join(dir, `${id}.jsonl`);
    const { writeFileSync } = await import("node:fs");
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.slice(0, text.length - 20)); // the last line (an events line) cut mid-write

    const second = startAgent({ session: { dir, resume: id }, script: [{ text: "Berlin." }] });
    second.agent.submit({ type: "user_input", text: "and Germany?" });
    const two = await second.finish();
    expect(two[0]?.seq).toBeGreaterThan(0);
    const stored = readFileSync(path, "utf8")
      .split("\n")
      .filter((line) => line.startsWith('{"type":"events"'))
      .flatMap((line) => {
        const { first_seq, count } = JSON.parse(line) as { first_seq: number; count: number };
        return Array.from({ length: count }, (_, i) => first_seq + i);
      });
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.at(-1)).toBe(two.at(-1)?.seq);
    expect(two[0]?.seq).toBeLessThanOrEqual(one.length + 1);
  });
});
