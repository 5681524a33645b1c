/**
 * The session file format (docs/sessions.md). A session is `${dir}/${id}.jsonl`: line 1 is the header, every
 * other line one entry. Append-only: an entry is never rewritten. Entries chain by `parent_id` (the previous
 * entry's id; null for the first). Sessions hold only messages and metadata, never credentials: keys live in
 * the environment and are not part of any message.
 */
import type { PermissionMode } from "../../protocol/permissions.ts";
import type { Message } from "../../providers/types.ts";
import type { ToolRecord } from "./tool-record.ts";

/**
 * The format this code writes. Older versions are migrated on load (see migrate.ts). v2: usage and tool
 * details in snake_case (v1 had them in camelCase). v3: the stored message's own fields too (message-casing.ts).
 */
export const SESSION_VERSION = 3;

export interface SessionHeader {
  type: "session";
  version: number;
  id: string;
  /** ISO 8601. */
  created_at: string;
  cwd: string;
  /** `provider/model` at creation. */
  model: string;
}

interface EntryBase {
  id: string;
  parent_id: string | null;
  /** ISO 8601. */
  at: string;
}

export interface MessageEntry extends EntryBase {
  type: "message";
  /**
   * In memory the providers' `Message`; in the file its stored form, field names in snake_case
   * (`stop_reason`, `call_id`…: message-casing.ts). The writer and the reader convert.
   */
  message: Message;
  /**
   * On tool results only: status, duration and details for the UI (see tool-record.ts). Never sent to the
   * model. Absent in files written before it existed, and for results the loader added.
   */
  ui?: ToolRecord;
  /**
   * A user-role message the harness wrote for the model (the output-limit note): resumed as a notice, never as
   * the user's words. Absent on everything else.
   */
  note?: true;
}

/** Older history was summarized: items before `first_kept_id` are replaced (user messages stay). */
export interface CompactionEntry extends EntryBase {
  type: "compaction";
  summary: string;
  first_kept_id: string;
  trigger: "auto" | "manual";
  tokens_before: number;
  tokens_after: number;
}

export interface ModelChangeEntry extends EntryBase {
  type: "model_change";
  model: string;
}

/** The user switched the permission mode (`set_mode`); a resumed session starts in the last one recorded. */
export interface ModeChangeEntry extends EntryBase {
  type: "mode_change";
  mode: PermissionMode;
}

/** A turn ended. */
export interface TurnEntry extends EntryBase {
  type: "turn";
  turn_id: string;
  status: "done" | "interrupted" | "failed";
  reason?: string;
  steps: number;
}

export type SessionEntry = MessageEntry | CompactionEntry | ModelChangeEntry | ModeChangeEntry | TurnEntry;

/** An entry before the writer stamps `id`, `parent_id` and `at`. */
export type EntryBody =
  | Omit<MessageEntry, keyof EntryBase>
  | Omit<CompactionEntry, keyof EntryBase>
  | Omit<ModelChangeEntry, keyof EntryBase>
  | Omit<ModeChangeEntry, keyof EntryBase>
  | Omit<TurnEntry, keyof EntryBase>;

export const ENTRY_TYPES: ReadonlySet<string> = new Set([
  "message",
  "compaction",
  "model_change",
  "mode_change",
  "turn",
]);

export function sessionPath(dir: string, id: string): string {
  return `${dir.replace(/\/+$/, "")}/${id}.jsonl`;
}
