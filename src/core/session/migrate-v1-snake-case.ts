/**
 * Session format v1 → v2: one casing on the wire (issue 11). v1 stored two camelCase shapes that are snake_case
 * from v2 on: an assistant message's `usage` (`cachedInput`, `cacheWrite` → `cached_input`, `cache_write`) and
 * a tool record's `details` (shell `exitCode`, `durationMs`, `timedOut`, `fullOutputPath`; read `startLine`,
 * `endLine`, `totalLines`; grep `totalExact`; apply_patch `changes[].movePath`).
 *
 * Keys are renamed by their shape, not by tool name: every v1 tool's details are plain records whose keys are
 * field names (never data such as file paths), so converting every key at any depth is exact. It is also
 * idempotent, which it has to be: a resumed v1 file keeps its v1 header and gets v2 entries appended, so
 * this migration also runs over entries that are already snake_case.
 */
import { snakeKeys } from "../../util/snake-keys.ts";
import type { Migration, RawRecord } from "./migrate.ts";

const isRecord = (value: unknown): value is RawRecord =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function migrateEntry(entry: RawRecord): RawRecord {
  if (entry.type !== "message") return entry;
  let next = entry;
  const message = entry.message;
  if (isRecord(message) && message.role === "assistant" && isRecord(message.usage)) {
    next = { ...next, message: { ...message, usage: snakeKeys(message.usage) } };
  }
  if (isRecord(entry.ui) && entry.ui.details !== undefined) {
    next = { ...next, ui: { ...entry.ui, details: snakeKeys(entry.ui.details) } };
  }
  return next;
}

export const snakeCaseWireFields: Migration = (session) => ({
  header: session.header,
  entries: session.entries.map(migrateEntry),
});
