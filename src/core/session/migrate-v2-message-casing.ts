/**
 * Session format v2 → v3: the stored `message` in snake_case too (`stop_reason`, `error_message`, `call_id`,
 * `tool_name`, `is_error`; blocks' `mime_type`, `invalid_arguments`), so nothing in a session file is camelCase
 * but data (a tool call's `arguments`, a vendor's opaque `vendor.data`). The rename is the writer's own
 * (message-casing.ts) and idempotent: a resumed v2 file keeps its v2 header and gets v3 entries appended, which
 * this migration then leaves as they are.
 */
import { storedMessage } from "./message-casing.ts";
import type { Migration, RawRecord } from "./migrate.ts";

const isRecord = (value: unknown): value is RawRecord =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const snakeCaseMessages: Migration = (session) => ({
  header: session.header,
  entries: session.entries.map((entry) =>
    entry.type === "message" && isRecord(entry.message)
      ? { ...entry, message: storedMessage(entry.message) }
      : entry,
  ),
});
