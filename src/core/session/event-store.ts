/**
 * The session file's copy of the event stream, for replay (`subscribe({ after })`, docs/events.md "Replay").
 *
 * Events go into `events` lines outside the entry chain (the history reader skips them unparsed):
 * `{"type":"events","first_seq":N,"count":K,"events":[…]}` holds the events of seqs N … N+K−1 in order, each
 * without `session_id` (the header has it) and `seq` (counted from `first_seq`). A run of `message_delta` or
 * `reasoning_delta` events of one message is stored as one object with `deltas` (the pieces in order, each its
 * own seq again on replay), so a 20,000-token answer costs its text, not 20,000 envelopes.
 *
 * A `tool_call_finished`'s `details` follow the tool record's rule (tool-record.ts): over 64 KiB of JSON they are
 * left out and `details_dropped` says so, the same as the entry beside it.
 *
 * A line is written at each event as it happens (one synchronous append, like an entry: a crash cuts at most that
 * line), except the high-rate ones (WAITING: a token's delta, a line of a command's output, checkpoint progress),
 * which wait for the next other event, for an entry the agent records (it calls `flush`), or until FLUSH_EVENTS
 * are waiting; never before the file exists (its first entry). So a crash loses at most the deltas and output
 * lines of what was streaming then, never a finished tool call, an approval request or a turn's end. Writing
 * those waiting ones at once too would cost a write per token (docs/benchmarks.md, "The session file's events
 * lines"). The next run continues after the last seq the file holds, so no seq repeats in a file.
 */
import { readFile } from "node:fs/promises";
import type { AgentEvent, ToolCallFinishedEvent } from "../../protocol/events.ts";
import { toolRecordOf } from "./tool-record.ts";
import type { SessionWriter } from "./writer.ts";

/** Events waiting before a line is written anyway (one line per ~4,096 tokens of a long answer). */
const FLUSH_EVENTS = 4096;
/** How every events line starts: the reader recognizes (and ranges) lines without parsing them. */
export const EVENTS_LINE_PREFIX = '{"type":"events","first_seq":';
/** The events that come by the hundreds or thousands per step: they wait for the next line (see above). */
const WAITING: ReadonlySet<AgentEvent["type"]> = new Set([
  "message_delta",
  "reasoning_delta",
  "tool_output_delta",
  "checkpoint_progress",
]);
const RANGE = /^\{"type":"events","first_seq":(\d+),"count":(\d+),/;

type Stored = { type: string; [key: string]: unknown };

export interface EventStore {
  /** Queues a stamped event for the file; writes a line at a non-delta event or when enough are waiting. */
  add(event: AgentEvent): void;
  /** Writes the waiting events, if the file exists. */
  flush(): void;
  /** Every seq up to this one is in the file. */
  readonly persistedSeq: number;
  /**
   * The events still waiting for the file with seq in (`after`, `upTo`], as replay presents them (new objects: a
   * snapshot). With the file, they make up the replay of what the memory tail no longer holds.
   */
  pending(sessionId: string, after: number, upTo: number): AgentEvent[];
  /** False once a write failed: later events stay in memory only (the agent reports `session_write`). */
  readonly healthy: boolean;
}

/** `lastSeq`: the last seq the file already holds (0 for a new session). */
export function createEventStore(
  writer: SessionWriter,
  lastSeq: number,
  onError: (error: Error) => void,
): EventStore {
  let persisted = lastSeq;
  let healthy = true;
  let stored: Stored[] = [];
  let firstSeq = 0;
  let count = 0;

  const flush = () => {
    if (count === 0 || !healthy) return;
    try {
      if (!writer.appendLine({ type: "events", first_seq: firstSeq, count, events: stored })) return;
    } catch (error) {
      healthy = false;
      onError(error as Error);
      return;
    }
    persisted = firstSeq + count - 1;
    stored = [];
    count = 0;
  };

  return {
    get persistedSeq() {
      return persisted;
    },
    get healthy() {
      return healthy;
    },
    flush,
    pending(sessionId, after, upTo) {
      const out: AgentEvent[] = [];
      if (count > 0) expand(stored, firstSeq, sessionId, after + 1, upTo, out);
      return out;
    },
    add(event) {
      if (!healthy) return;
      if (count === 0) firstSeq = event.seq;
      count++;
      if (event.type === "message_delta" || event.type === "reasoning_delta") {
        // The hot path (one per token): extend the run of this message's deltas, allocate nothing else.
        const last = stored[stored.length - 1];
        if (
          last?.type === event.type &&
          last.message_id === event.message_id &&
          last.turn_id === event.turn_id &&
          last.agent_id === event.agent_id
        )
          (last.deltas as string[]).push(event.delta);
        else
          stored.push({
            type: event.type,
            turn_id: event.turn_id,
            message_id: event.message_id,
            agent_id: event.agent_id,
            deltas: [event.delta],
          });
        if (count >= FLUSH_EVENTS) flush();
        return;
      }
      const { session_id: _, seq: __, ...body } = event;
      stored.push(body.type === "tool_call_finished" && body.details !== undefined ? bounded(body) : body);
      if (!WAITING.has(body.type) || count >= FLUSH_EVENTS) flush();
    },
  };
}

/**
 * The events of seqs `after + 1` … `upTo` that the file at `path` holds, in order, stopping at the first seq it
 * lacks (the caller reports the rest as lost). Never rejects: an unreadable file holds nothing.
 */
export async function readStoredEvents(
  path: string,
  sessionId: string,
  after: number,
  upTo: number,
): Promise<AgentEvent[]> {
  const text = await readFile(path, "utf8").catch(() => "");
  const out: AgentEvent[] = [];
  let next = after + 1;
  for (const line of text.split("\n")) {
    if (next > upTo) break;
    const range = RANGE.exec(line);
    if (!range) continue;
    const first = Number(range[1]);
    if (first + Number(range[2]) <= next) continue;
    if (first > next) break;
    let parsed: { events?: unknown };
    try {
      parsed = JSON.parse(line);
    } catch {
      break;
    }
    if (!Array.isArray(parsed.events)) break;
    next = expand(parsed.events as Stored[], first, sessionId, next, upTo, out);
  }
  return out;
}

/** Appends the events of `records` (the first has seq `first`) with seq in [`next`, `upTo`]; returns the next seq. */
function expand(
  records: Stored[],
  first: number,
  sessionId: string,
  next: number,
  upTo: number,
  out: AgentEvent[],
): number {
  let seq = first;
  for (const stored of records) {
    const pieces = Array.isArray(stored.deltas) ? (stored.deltas as string[]) : undefined;
    for (const piece of pieces ?? [undefined]) {
      if (seq >= next && seq <= upTo) {
        const body = pieces ? { ...without(stored, "deltas"), delta: piece } : stored;
        out.push({ ...body, session_id: sessionId, seq } as unknown as AgentEvent);
        next = seq + 1;
      }
      seq++;
    }
  }
  return next;
}

/** The last seq an `events` line in the file holds; 0 when there is none. For the reader, per line. */
export function lastSeqOfLine(line: string): number | undefined {
  const range = RANGE.exec(line);
  return range ? Number(range[1]) + Number(range[2]) - 1 : undefined;
}

/** A finished call as the file keeps it: details the tool record would drop are dropped here too. */
function bounded(event: ToolCallFinishedEvent & { agent_id: string }): Stored {
  const record = toolRecordOf(event);
  if (!record.details_dropped) return { ...event };
  const { details: _, ...rest } = event;
  return { ...rest, details_dropped: record.details_dropped };
}

function without(record: Stored, key: string): Stored {
  const { [key]: _, ...rest } = record;
  return rest as Stored;
}
