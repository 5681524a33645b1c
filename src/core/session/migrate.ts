/**
 * Session format migrations, applied on load by header version. `MIGRATIONS[v]` turns a version-v session into
 * version v+1; loading runs them in order up to {@link SESSION_VERSION}. The file itself is never rewritten:
 * a resumed file keeps its old header and gets entries in the current shape appended, so a migration must
 * leave an entry already in the newer shape as it is.
 */
import { SESSION_VERSION } from "./format.ts";
import { snakeCaseWireFields } from "./migrate-v1-snake-case.ts";
import { snakeCaseMessages } from "./migrate-v2-message-casing.ts";

export type RawRecord = Record<string, unknown>;

export interface RawSession {
  header: RawRecord;
  entries: RawRecord[];
}

export type Migration = (session: RawSession) => RawSession;

export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  /** v1 → v2: usage and tool details in snake_case, like the events (issue 11). */
  1: snakeCaseWireFields,
  /** v2 → v3: the stored message's own fields in snake_case (`stop_reason`, `call_id`, …). */
  2: snakeCaseMessages,
};

export class SessionFormatError extends Error {
  override name = "SessionFormatError";
}

/** Brings a session to `current`. A header without `version` is version 0. Throws SessionFormatError. */
export function migrateSession(
  raw: RawSession,
  table: Readonly<Record<number, Migration>> = MIGRATIONS,
  current: number = SESSION_VERSION,
): RawSession {
  let version = typeof raw.header.version === "number" ? raw.header.version : 0;
  if (!Number.isInteger(version) || version < 0) {
    throw new SessionFormatError(`the session header has an invalid version (${String(raw.header.version)})`);
  }
  if (version > current) {
    throw new SessionFormatError(
      `the session was written by a newer tandem (format v${version}; this version reads up to v${current}). ` +
        "Upgrade tandem to resume it; the file was not changed.",
    );
  }
  let session = raw;
  while (version < current) {
    const step = table[version];
    if (!step) {
      throw new SessionFormatError(
        `no migration from session format v${version} to v${version + 1}; the file was not changed. ` +
          "Start a new session instead.",
      );
    }
    session = step(session);
    version++;
    session = { ...session, header: { ...session.header, version } };
  }
  return session;
}
