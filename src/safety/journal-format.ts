/**
 * The undo journal's format versions and their migrations, applied on read (the file itself is never rewritten:
 * other sessions of the same workspace may be appending to it, and `undone` records name entries by line).
 *
 * - v1 (a file without a header line): camelCase keys: `callId` on the entries, and the backup records'
 *   `createdAt`, `headRef`, `indexCommit`, `worktreeCommit`, `indexTree`, `worktreeTree`, `oldSha`, `newSha`,
 *   `backupRef`.
 * - v2: snake_case keys, like the session file and every event (issue 11 "One casing on the wire"). A journal
 *   created by v2 starts with the header line `{"type":"journal","version":2}`.
 *
 * A v1 file keeps no header and gets v2 entries appended, so the v1 → v2 migration also runs over entries that are
 * already snake_case: it converts every key at any depth, which is exact here (every key of an entry and of a
 * backup record is a field name, never data such as a path) and idempotent.
 */
import { snakeKeys } from "../util/snake-keys.ts";

export const JOURNAL_VERSION = 2;

/** The line a new journal starts with. */
export const JOURNAL_HEADER = { type: "journal", version: JOURNAL_VERSION } as const;

type RawEntry = Record<string, unknown>;

/** `MIGRATIONS[v]` turns a version-v entry into a version v+1 entry. */
const MIGRATIONS: Readonly<Record<number, (entry: RawEntry) => RawEntry>> = {
  /** v1 → v2: snake_case keys (`callId` → `call_id`, a backup record's `oldSha` → `old_sha`, …). */
  1: (entry) => snakeKeys(entry) as RawEntry,
};

export class JournalFormatError extends Error {
  override name = "JournalFormatError";
}

/** True for the header line, which is not an entry. */
export function isJournalHeader(value: unknown): value is { type: "journal"; version: number } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as RawEntry).type === "journal" &&
    "version" in value
  );
}

/** The format of a file from its header (none: v1). Throws JournalFormatError for one newer than this tandem. */
export function journalVersion(header: { version: number } | undefined): number {
  const version = header?.version ?? 1;
  if (!Number.isInteger(version) || version < 1) {
    throw new JournalFormatError(`the undo journal's header has an invalid version (${String(version)})`);
  }
  if (version > JOURNAL_VERSION) {
    throw new JournalFormatError(
      `the undo journal was written by a newer tandem (format v${version}; this version reads up to ` +
        `v${JOURNAL_VERSION}). Upgrade tandem to undo; the journal was not changed.`,
    );
  }
  return version;
}

/** An entry of a version-`version` file in the current shape. */
export function migrateJournalEntry(entry: RawEntry, version: number): RawEntry {
  let current = entry;
  for (let v = version; v < JOURNAL_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new JournalFormatError(`no migration from undo journal format v${v} to v${v + 1}`);
    current = step(current);
  }
  return current;
}
