/**
 * Loads a session file: tolerates a last line cut by a crash (skipped and reported), skips entry types it
 * does not know (from newer minor additions), runs migrations by header version, replays compactions into
 * the history and answers tool calls left without a result.
 */

import { readFile } from "node:fs/promises";
import { isPermissionMode, type PermissionMode } from "../../protocol/permissions.ts";
import { messageOf } from "../../util/message-of.ts";
import { applyCompaction } from "../compaction.ts";
import { type HistoryItem, repairToolResults } from "../history.ts";
import { newEntryId } from "../ids.ts";
import { EVENTS_LINE_PREFIX, lastSeqOfLine } from "./event-store.ts";
import { ENTRY_TYPES, type SessionEntry, type SessionHeader } from "./format.ts";
import { loadedMessage } from "./message-casing.ts";
import { migrateSession, type RawRecord, SessionFormatError } from "./migrate.ts";
import { parseToolRecord } from "./tool-record.ts";

export interface LoadedSession {
  header: SessionHeader;
  entries: SessionEntry[];
  /**
   * The conversation as the next request would see it (compactions applied, tool calls all answered). Tool
   * results that were saved with UI extras carry them as `ui` (a valid one; an invalid one is ignored).
   */
  history: HistoryItem[];
  /** Ids of the last message entry of each turn that ended (a `turn` entry follows it), for the transcript. */
  turnEnds: Set<string>;
  /** Results added for tool calls the file left unanswered; a resuming writer appends them. */
  repairs: HistoryItem[];
  /** The model last in use (header, then model_change entries). */
  model: string;
  /** The permission mode last switched to (`mode_change` entries); undefined when the user never switched. */
  mode?: PermissionMode;
  /** Id of the last entry, to chain new entries onto; null when there is none. */
  lastEntryId: string | null;
  /** ISO time of the last entry (or creation). */
  lastActivity: string;
  /** The last event seq its `events` lines hold (0: none), so a resumed session's stream continues after it. */
  lastSeq: number;
  /** What was skipped or repaired, for a notice. */
  warnings: string[];
}

export async function readSession(path: string): Promise<LoadedSession> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SessionFormatError(
      code === "ENOENT" ? `no session file at ${path}` : `cannot read ${path}: ${messageOf(error)}`,
    );
  }
  return parseSession(text, path);
}

export function parseSession(text: string, path = "session"): LoadedSession {
  const warnings: string[] = [];
  const lines = text.split("\n");
  const endsClean = text.endsWith("\n");
  if (endsClean) lines.pop();
  const records: RawRecord[] = [];
  let lastSeq = 0;
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    // The event log's copy (event-store.ts): not history; left unparsed, which keeps resume and listing fast.
    if (line.startsWith(EVENTS_LINE_PREFIX)) {
      lastSeq = lastSeqOfLine(line) ?? lastSeq;
      return;
    }
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === "object" && !Array.isArray(value)) records.push(value as RawRecord);
      else warnings.push(`line ${i + 1} is not an object; skipped`);
    } catch {
      const last = i === lines.length - 1 && !endsClean;
      warnings.push(
        last
          ? `the last line was cut off (the session ended mid-write); it was skipped`
          : `line ${i + 1} is not valid JSON; skipped`,
      );
    }
  });
  const rawHeader = records.shift();
  if (rawHeader?.type !== "session") {
    throw new SessionFormatError(`${path} is not a tandem session (no header line)`);
  }
  const migrated = migrateSession({ header: rawHeader, entries: records });
  const header = migrated.header as unknown as SessionHeader;

  const entries: SessionEntry[] = [];
  let unknown = 0;
  for (const raw of migrated.entries) {
    if (typeof raw.type !== "string" || !ENTRY_TYPES.has(raw.type) || typeof raw.id !== "string") {
      unknown++;
      continue;
    }
    if (raw.type === "message" && !isMessage(raw.message)) {
      warnings.push(`entry ${raw.id} holds no valid message; skipped`);
      continue;
    }
    // The stored message (snake_case, message-casing.ts) back in the providers' names.
    const entry = raw.type === "message" ? { ...raw, message: loadedMessage(raw.message as RawRecord) } : raw;
    entries.push(entry as unknown as SessionEntry);
  }
  if (unknown > 0) warnings.push(`${unknown} entr${unknown === 1 ? "y" : "ies"} of unknown type skipped`);

  let items: HistoryItem[] = [];
  let model = header.model;
  let mode: PermissionMode | undefined;
  const turnEnds = new Set<string>();
  let lastMessageId: string | undefined;
  for (const entry of entries) {
    if (entry.type === "message") {
      const ui = entry.message.role === "tool_result" ? parseToolRecord(entry.ui) : undefined;
      items.push({
        id: entry.id,
        message: entry.message,
        ...(ui ? { ui } : {}),
        ...(entry.note === true ? { note: true } : {}),
      });
      lastMessageId = entry.id;
    } else if (entry.type === "turn") {
      if (lastMessageId) turnEnds.add(lastMessageId);
    } else if (entry.type === "model_change") model = entry.model;
    else if (entry.type === "mode_change") mode = isPermissionMode(entry.mode) ? entry.mode : mode;
    else if (entry.type === "compaction") {
      const next = applyCompaction(items, {
        id: entry.id,
        summary: entry.summary,
        firstKeptId: entry.first_kept_id,
      });
      if (next) items = next;
      else warnings.push(`compaction ${entry.id} refers to a missing entry; the full history was kept`);
    }
  }
  const repaired = repairToolResults(items, newEntryId);
  const known = new Set(items.map((item) => item.id));
  const repairs = repaired.items.filter((item) => !known.has(item.id));
  if (repairs.length > 0) {
    warnings.push(
      `${repairs.length} tool call(s) had no result (the session stopped mid-call); marked interrupted`,
    );
  }
  const last = entries[entries.length - 1];
  return {
    header,
    entries,
    history: repaired.items,
    turnEnds,
    repairs,
    model,
    ...(mode ? { mode } : {}),
    lastEntryId: last?.id ?? null,
    lastActivity: last?.at ?? header.created_at,
    lastSeq,
    warnings,
  };
}

function isMessage(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  const { role, content } = value as { role?: unknown; content?: unknown };
  return (role === "user" || role === "assistant" || role === "tool_result") && Array.isArray(content);
}
