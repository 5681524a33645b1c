/**
 * Finished Markdown blocks of a streaming answer go to the scrollback while it streams, and the transcript
 * ends up exactly as if the whole answer had been rendered at once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { finishedLength } from "../../src/tui/stream-commit.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

const harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.term.dispose();
});

describe("finishedLength", () => {
  it("ends before the block that may still grow", () => {
    expect(finishedLength("one\n\ntwo")).toBe(5);
    expect(finishedLength("one\n\ntwo\n\nthr")).toBe(10);
    // Nothing after the blank line yet, or a start that could still become a list item: undecided.
    expect(finishedLength("one\n\n")).toBe(0);
    expect(finishedLength("one\n")).toBe(0);
    expect(finishedLength("one\n\n1")).toBe(0);
    expect(finishedLength("one\n\n-")).toBe(0);
    expect(finishedLength("- a\n\n- b")).toBe(0);
  });

  it("never cuts inside a code fence, and cuts at one that opens a block", () => {
    const code = "intro\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nafter\n";
    expect(finishedLength(code)).toBe(code.indexOf("after"));
    const open = "intro\n\n```ts\nconst a = 1;\n\nconst b = 2;\n";
    expect(finishedLength(open)).toBe(open.indexOf("```"));
    expect(finishedLength("~~~\na\n\nb\n~~~\n\nc\n")).toBe("~~~\na\n\nb\n~~~\n\n".length);
  });

  it("keeps a list together until it ends, and an indented continuation with its item", () => {
    const loose = "- a\n\n- b\n\n";
    expect(finishedLength(`${loose}- c\n`)).toBe(0);
    expect(finishedLength(`${loose}done\n`)).toBe(loose.length);
    expect(finishedLength("1. a\n\n   more about a\n\n2. b\n")).toBe(0);
  });
});

const sample = [
  "# Plan",
  "",
  "We change **two** files and run `npm test`:",
  "",
  "1. `src/a.ts`",
  "2. `src/b.ts`",
  "",
  "```ts",
  "export const a = 1;",
  "",
  "export const b = 2;",
  "```",
  "",
  "> Note: nothing else changes.",
  "",
  "| file | lines |",
  "| --- | --- |",
  "| a.ts | 3 |",
  "",
  "- loose item one",
  "",
  "- loose item two",
  "",
  "Done, and a last paragraph long enough to wrap across the narrow terminal at least once or twice.",
].join("\n");

const delta = (text: string) =>
  ({ type: "message_delta", turn_id: "t1", message_id: "m1", delta: text }) as const;
const done = { type: "message_done", turn_id: "t1", message_id: "m1", text: sample } as const;
const finished = { type: "turn_finished", turn_id: "t1", status: "done", steps: 1 } as const;

it("writes the same transcript as rendering the whole answer at once, committing blocks as they finish", async () => {
  const whole = createHarness({ cols: 50, rows: 14 });
  const streamed = createHarness({ cols: 50, rows: 14 });
  harnesses.push(whole, streamed);
  await whole.feed({ type: "turn_started", turn_id: "t1" }, done, finished);

  await streamed.feed({ type: "turn_started", turn_id: "t1" });
  let committedEarly = false;
  for (let i = 0; i < sample.length; i += 7) {
    await streamed.feed(delta(sample.slice(i, i + 7)));
    if (streamed.screen.state.streamedOut > 0 && streamed.term.lines().includes("Plan"))
      committedEarly = true;
  }
  expect(committedEarly).toBe(true);
  // Only the last paragraph is still live when the stream ends.
  expect(streamed.screen.state.streaming.startsWith("Done, and a last paragraph")).toBe(true);
  await streamed.feed(done, finished);

  const transcript = (h: Harness) => h.term.lines().join("\n").trimEnd();
  expect(transcript(streamed)).toBe(transcript(whole));
  expect(transcript(whole)).toContain("export const b = 2;");
});
