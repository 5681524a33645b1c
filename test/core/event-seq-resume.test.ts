/** A resumed session's stream continues the seq its file left off at: no seq twice in one session file. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, plain, registerTempDir, storedSeqs } from "./event-support.ts";
import { startAgent } from "./harness.ts";

const tempDir = registerTempDir("tandem-seq-");

describe("seq across resume", () => {
  it("continues after the file's last seq; replay from 0 spans both runs", async () => {
    const dir = tempDir();
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
    expect(storedSeqs(join(dir, `${id}.jsonl`))).toEqual([...one, ...two].map((_, i) => i + 1));

    // A late subscriber of the second run replays the first run from the file.
    expect(plain(await collect(second.agent.subscribe({ after: 0 })))).toEqual(plain([...one, ...two]));
  });

  it("after a crash cut the last events line, the next run still never reuses a seq the file holds", async () => {
    const dir = tempDir();
    const first = startAgent({ session: { dir }, script: [{ text: "Paris." }] });
    first.agent.submit({ type: "user_input", text: "capital of France?" });
    const one = await first.finish();
    const id = first.agent.sessionId;
    const path = join(dir, `${id}.jsonl`);
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.slice(0, text.length - 20)); // the last line (an events line) cut mid-write

    const second = startAgent({ session: { dir, resume: id }, script: [{ text: "Berlin." }] });
    second.agent.submit({ type: "user_input", text: "and Germany?" });
    const two = await second.finish();
    expect(two[0]?.seq).toBeGreaterThan(0);
    const stored = storedSeqs(path);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.at(-1)).toBe(two.at(-1)?.seq);
    expect(two[0]?.seq).toBeLessThanOrEqual(one.length + 1);
  });
});
