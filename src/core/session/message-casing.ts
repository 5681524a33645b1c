/**
 * The stored form of a message in a session file (format v3 on): the providers' normalized `Message`
 * (src/providers/types.ts) with its camelCase field names in snake_case, like every other key on disk and on
 * the wire (docs/sessions.md). In memory the message keeps the providers' names; the writer converts on the
 * way out and the reader on the way in, and the v2 → v3 migration is the writer's conversion.
 *
 * Fields are renamed by a declared table, at the two levels where the message model has field names: the
 * message itself and each content block. Everything else is data and is kept as it is: a tool call's
 * `arguments` (the model's, under the tool's own parameter names), a block's `vendor.data` (a vendor's opaque
 * state, in the vendor's own names), `usage` (already snake_case).
 */
import type { Message } from "../../providers/types.ts";

type RawRecord = Record<string, unknown>;

/** The message's own camelCase fields (assistant and tool result). */
const MESSAGE_FIELDS: Readonly<Record<string, string>> = {
  stopReason: "stop_reason",
  errorMessage: "error_message",
  callId: "call_id",
  toolName: "tool_name",
  isError: "is_error",
};

/** A content block's camelCase fields (image, tool call). */
const BLOCK_FIELDS: Readonly<Record<string, string>> = {
  mimeType: "mime_type",
  invalidArguments: "invalid_arguments",
};

const inverse = (table: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(table).map(([from, to]) => [to, from]));
const MESSAGE_FIELDS_IN = inverse(MESSAGE_FIELDS);
const BLOCK_FIELDS_IN = inverse(BLOCK_FIELDS);

const isRecord = (value: unknown): value is RawRecord =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A copy with the table's keys renamed, in the same order; a key not in the table (already renamed) kept. */
function renamed(record: RawRecord, table: Readonly<Record<string, string>>): RawRecord {
  const out: RawRecord = {};
  for (const [key, value] of Object.entries(record)) out[table[key] ?? key] = value;
  return out;
}

function convert(
  message: RawRecord,
  fields: Readonly<Record<string, string>>,
  blocks: Readonly<Record<string, string>>,
): RawRecord {
  const out = renamed(message, fields);
  if (Array.isArray(out.content))
    out.content = out.content.map((block) => (isRecord(block) ? renamed(block, blocks) : block));
  return out;
}

/**
 * The message as a session file stores it: snake_case field names. Idempotent: a message already in the
 * stored form is returned equal, which the v2 → v3 migration relies on (a resumed v2 file gets v3 entries).
 */
export function storedMessage(message: Message | RawRecord): RawRecord {
  return convert(message as unknown as RawRecord, MESSAGE_FIELDS, BLOCK_FIELDS);
}

/** The normalized message back from its stored form (a record the reader has checked has a role and content). */
export function loadedMessage(stored: RawRecord): Message {
  return convert(stored, MESSAGE_FIELDS_IN, BLOCK_FIELDS_IN) as unknown as Message;
}
