/**
 * What a session file keeps of a finished tool call for the UI (the `ui` field of a tool result's entry): written
 * by core (src/core/session/tool-record.ts), read back by every front end's resume transcript
 * (src/conversation/transcript.ts). Declared here, below both, so they share one shape.
 */
import type { ToolCallFinishedEvent } from "./events.ts";
import type { ToolKind } from "./tools.ts";

export interface ToolRecord {
  status: ToolCallFinishedEvent["status"];
  /**
   * The tool's kind, so a resumed transcript shows a diff or a plan by what the tool does, not its name. Absent in
   * records written before tools declared kinds (readers then go by the shape of `details`).
   */
  kind?: ToolKind;
  duration_ms: number;
  /** The tool's `details`, as JSON; absent when the tool gave none or they were dropped. */
  details?: unknown;
  /** Set when details existed but were not saved: over the size cap, or not representable as JSON. */
  details_dropped?: "too_large" | "not_json";
  /** Why the safety policy refused the call and how to allow it (the event's `refusal`), when it did. */
  refusal?: ToolCallFinishedEvent["refusal"];
}
