/**
 * What a crash keeps of the event stream: every event but the high-rate ones (a token's delta, a command's output,
 * checkpoint progress) is in the session file as soon as it happens, so a kill mid-step loses at most what was
 * streaming then: a running tool call's `tool_call_started` is there while it runs, and the output that waited is
 * written, in order, with the next event. (Before, only entries, an approval request and a turn's or session's
 * end wrote the waiting events: a crash lost every event since the last entry.)
 */
import { expect, it } from "vitest";
import { createEventLog } from "../../src/core/event-log.ts";
import { createEventStore } from "../../src/core/session/event-store.ts";
import { registerTempDir, sessionFile, storedSeqs } from "./event-support.ts";

const tempDir = registerTempDir("tandem-crash-events-");

it("writes each event as it happens, the high-rate ones with the next", () => {
  const dir = tempDir();
  const { path, writer } = sessionFile(dir);
  const log = createEventLog({ sessionId: "s" });
  log.attach({ path, store: createEventStore(writer, 0, (e) => expect.fail(e.message)) }, 0);
  // The file exists from the first entry on; events before it wait for it.
  writer.append({ type: "model_change", model: "m" });
  log.emit({ type: "turn_started", turn_id: "t" }, "main");
  expect(storedSeqs(path)).toEqual([1]);

  const call = { turn_id: "t", call_id: "c", tool: "shell", kind: "execute" as const };
  log.emit({ type: "tool_call_started", ...call, arguments: { command: "make" } }, "main");
  // The call runs (for minutes, say): a crash now still finds it in the file.
  expect(storedSeqs(path)).toEqual([1, 2]);

  log.emit({ type: "tool_output_delta", call_id: "c", stream: "stdout", chunk: "building\n" }, "main");
  log.emit({ type: "tool_output_delta", call_id: "c", stream: "stdout", chunk: "linking\n" }, "main");
  expect(storedSeqs(path)).toEqual([1, 2]);

  log.emit({ type: "tool_call_finished", ...call, status: "ok", content: "done", duration_ms: 5 }, "main");
  expect(storedSeqs(path)).toEqual([1, 2, 3, 4, 5]);
  log.close();
});

it("a write that fails (a full disk) loses no event for a subscriber: the error comes after the event it failed on", async () => {
  const dir = tempDir();
  const { path, writer } = sessionFile(dir);
  writer.append({ type: "model_change", model: "m" });
  const log = createEventLog({ sessionId: "s" });
  // As the agent does: a failed write is told as an error event.
  const store = createEventStore(writer, 0, (e) =>
    log.emit({ type: "error", code: "session_write", message: e.message, fatal: false }, "main"),
  );
  log.attach({ path, store }, 0);
  const seen = log.subscribe({ after: 0 });
  const call = { turn_id: "t", call_id: "c", tool: "shell", kind: "execute" as const };
  log.emit({ type: "tool_call_started", ...call, arguments: { command: "make" } }, "main");
  writer.appendLine = () => {
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  };
  log.emit({ type: "tool_call_finished", ...call, status: "ok", content: "done", duration_ms: 5 }, "main");
  log.close();
  const got: Array<[number, string]> = [];
  for await (const event of seen) got.push([event.seq, event.type]);
  expect(got).toEqual([
    [1, "tool_call_started"],
    [2, "tool_call_finished"],
    [3, "error"],
  ]);
});
