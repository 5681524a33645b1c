/**
 * Appends session entries. Each entry is one synchronous append of one line, so a crash loses at most the
 * line being written (the reader skips a cut last line). The file is append-only, the one exception to the
 * temp-file-and-rename rule: rewriting a growing log on every message would cost more and protect nothing.
 */
import {
  accessSync,
  appendFileSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  writeFileSync,
} from "node:fs";
import { dirname } from "node:path";
import { makeDirSync } from "../../util/make-dir.ts";
import { newEntryId } from "../ids.ts";
import type { EntryBody, SessionEntry, SessionHeader } from "./format.ts";
import { storedMessage } from "./message-casing.ts";

export interface SessionWriter {
  readonly path: string;
  /** Stamps id, parent_id and at (id may be given to match an in-memory history item), appends, returns it. */
  append(body: EntryBody, id?: string): SessionEntry;
  /**
   * Appends a line outside the entry chain (the event log's `events` lines, docs/events.md). Only once the file
   * exists: returns false, writing nothing, before the first entry, so a session that records nothing still
   * leaves no file. Throws when the write fails, like `append`.
   */
  appendLine(record: object): boolean;
}

/**
 * A new session file. Its header is written with the first entry, so a session that never records anything
 * (the UI opened and closed, `tandem resume` before a session is picked) leaves no empty file behind. Fails
 * now, not at the first append, if the folder cannot be created or written or the file already exists.
 */
export function createSessionWriter(path: string, header: SessionHeader): SessionWriter {
  makeDirSync(dirname(path));
  accessSync(dirname(path), constants.W_OK);
  if (existsSync(path)) throw new Error(`${path} already exists`);
  const writer = writerFor(path, null);
  let started = false;
  return {
    path,
    append(body, id) {
      if (!started) {
        writeFileSync(path, `${JSON.stringify(header)}\n`, { flag: "wx" });
        started = true;
      }
      return writer.append(body, id);
    },
    appendLine(record) {
      return started && writer.appendLine(record);
    },
  };
}

/**
 * Continues an existing session file after `lastId`. A last line cut by a crash is removed first, so new
 * entries do not get glued onto it.
 */
export function openSessionWriter(path: string, lastId: string | null): SessionWriter {
  dropPartialLastLine(path);
  return writerFor(path, lastId);
}

function writerFor(path: string, lastId: string | null): SessionWriter {
  let parent = lastId;
  return {
    path,
    append(body, id = newEntryId()) {
      const entry = { ...body, id, parent_id: parent, at: new Date().toISOString() } as SessionEntry;
      // The file's casing (snake_case throughout); the entry returned keeps the message as it is in memory.
      const line = entry.type === "message" ? { ...entry, message: storedMessage(entry.message) } : entry;
      appendFileSync(path, `${JSON.stringify(line)}\n`);
      parent = id;
      return entry;
    },
    appendLine(record) {
      appendFileSync(path, `${JSON.stringify(record)}\n`);
      return true;
    },
  };
}

function dropPartialLastLine(path: string): void {
  const fd = openSync(path, "r+");
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return;
    // Read backwards in chunks until the last newline.
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const n = readSync(fd, chunk, 0, end - start, start);
      const nl = chunk.subarray(0, n).lastIndexOf(0x0a);
      if (nl >= 0) {
        const keep = start + nl + 1;
        if (keep < size) ftruncateSync(fd, keep);
        return;
      }
      end = start;
    }
    ftruncateSync(fd, 0);
  } finally {
    closeSync(fd);
  }
}
