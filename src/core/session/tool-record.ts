/**
 * What a session file keeps of a tool call for the UI, beside its result message: status, duration and the
 * tool's `details` (a diff, a plan), so a resumed transcript looks like the live one. Stored as the `ui` field
 * of the tool result's entry, read back onto the history item, and never part of the message the model is
 * sent (requests carry `item.message` only).
 */
import type { AgentEventBody, ToolCallFinishedEvent } from "../../protocol/events.ts";
import type { ToolRecord } from "../../protocol/tool-record.ts";
import type { ToolKind } from "../../protocol/tools.ts";

/** Details whose JSON is larger than this are not saved (the entry says so). 64 KiB. */
export const MAX_DETAILS_BYTES = 64 * 1024;

export type { ToolRecord } from "../../protocol/tool-record.ts";

/** The record of a finished call; details over `maxBytes` (default {@link MAX_DETAILS_BYTES}) are dropped. */
export function toolRecordOf(event: ToolCallFinishedEvent, maxBytes = MAX_DETAILS_BYTES): ToolRecord {
  const record: ToolRecord = {
    status: event.status,
    kind: event.kind,
    duration_ms: event.duration_ms,
    ...(event.refusal ? { refusal: event.refusal } : {}),
  };
  if (event.details === undefined) return record;
  let json: string | undefined;
  try {
    json = JSON.stringify(event.details);
  } catch {
    json = undefined;
  }
  if (json === undefined) return { ...record, details_dropped: "not_json" };
  if (Buffer.byteLength(json) > maxBytes) return { ...record, details_dropped: "too_large" };
  // The parsed copy is what a reader will see, and later changes to the tool's object cannot leak in.
  return { ...record, details: JSON.parse(json) };
}

export interface ToolRecords {
  /** Wraps an emitter: records each `tool_call_finished` it passes on. */
  watch(emit: (event: AgentEventBody) => void): (event: AgentEventBody) => void;
  /** The record of call `callId`, removed from the log; undefined when none was seen. */
  take(callId: string): ToolRecord | undefined;
}

/**
 * Pairs each finished call's event with the result message appended after it. Options: `maxDetailsBytes`
 * (default {@link MAX_DETAILS_BYTES}).
 */
export function createToolRecords(options: { maxDetailsBytes?: number } = {}): ToolRecords {
  const pending = new Map<string, ToolRecord>();
  return {
    watch: (emit) => (event) => {
      if (event.type === "tool_call_finished")
        pending.set(event.call_id, toolRecordOf(event, options.maxDetailsBytes));
      emit(event);
    },
    take(callId) {
      const record = pending.get(callId);
      pending.delete(callId);
      return record;
    },
  };
}

const STATUSES: ReadonlySet<unknown> = new Set(["ok", "error", "denied", "interrupted"]);
const KINDS: ReadonlySet<unknown> = new Set<ToolKind>([
  "read",
  "search",
  "edit",
  "execute",
  "fetch",
  "think",
  "delegate",
  "other",
]);

/** A `ui` value read from a file, or undefined when it is not a valid record (then it is ignored). */
export function parseToolRecord(value: unknown): ToolRecord | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (!STATUSES.has(v.status) || typeof v.duration_ms !== "number" || !Number.isFinite(v.duration_ms))
    return undefined;
  const record: ToolRecord = { status: v.status as ToolRecord["status"], duration_ms: v.duration_ms };
  // An unknown kind (written by a newer version) is left out rather than trusted.
  if (KINDS.has(v.kind)) record.kind = v.kind as ToolKind;
  if (v.details !== undefined) record.details = v.details;
  if (v.details_dropped === "too_large" || v.details_dropped === "not_json")
    record.details_dropped = v.details_dropped;
  const refusal = parseRefusal(v.refusal);
  if (refusal) record.refusal = refusal;
  return record;
}

function parseRefusal(value: unknown): ToolRecord["refusal"] {
  if (!value || typeof value !== "object") return undefined;
  const { reason, how_to_allow } = value as { reason?: unknown; how_to_allow?: unknown };
  if (typeof reason !== "string" || !Array.isArray(how_to_allow)) return undefined;
  return { reason, how_to_allow: how_to_allow.filter((h): h is string => typeof h === "string") };
}
