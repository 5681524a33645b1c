/**
 * Replay of events that left the memory tail but are not in the session file yet (a long answer's deltas wait
 * for the next line): the event store's waiting part fills the gap, in order, with nothing twice.
 */
import { expect, it } from "vitest";
import { createEventLog } from "../../src/core/event-log.ts";
import { createEventStore } from "../../src/core/session/event-store.ts";
import type { AgentEvent } from "../../src/protocol/events.ts";
import { collect, registerTempDir, sessionFile } from "./event-support.ts";

const tempDir = registerTempDir("tandem-pending-");

it("replays from the file, then the waiting deltas, then the tail, then live", async () => {
  const dir = tempDir();
  const { path, writer } = sessionFile(dir);
  const log = createEventLog({ sessionId: "s", tail: 3 });
  log.attach({ path, store: createEventStore(writer, 0, (e) => expect.fail(e.message)) }, 0);
  const live: AgentEvent[] = [];
  const all = collect(log.subscribe());
  log.emit({ type: "turn_started", turn_id: "turn-1" }, "main");
  // The file exists once an entry is written; the line with turn_started follows it.
  writer.append({ type: "model_change", model: "m" });
  log.flush();
  for (let i = 0; i < 40; i++)
    log.emit({ type: "message_delta", turn_id: "turn-1", message_id: "msg-1", delta: `d${i} ` }, "main");
  // Seqs 2–41 wait for the file; the tail holds only the newest few.
  const replayed = collect(log.subscribe({ after: 0 }));
  const fromMiddle = collect(log.subscribe({ after: 17 }));
  log.emit({ type: "message_done", turn_id: "turn-1", message_id: "msg-1", text: "…" }, "main");
  log.close();
  live.push(...(await all));
  expect(live.map((e) => e.seq)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
  expect(await replayed).toEqual(live);
  expect(await fromMiddle).toEqual(live.slice(17));
});
