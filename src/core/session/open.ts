/** Opens the session file an agent writes to: a new one, or an existing one to resume. */

import type { PermissionMode } from "../../protocol/permissions.ts";
import type { Usage } from "../../protocol/usage.ts";
import { messageOf } from "../../util/message-of.ts";
import type { HistoryItem } from "../history.ts";
import { isValidSessionId } from "../ids.ts";
import { SESSION_VERSION, sessionPath } from "./format.ts";
import { readSession } from "./reader.ts";
import { createSessionWriter, openSessionWriter, type SessionWriter } from "./writer.ts";

export interface OpenSessionOptions {
  dir: string;
  id: string;
  /** True: continue the existing `${dir}/${id}.jsonl`. */
  resume: boolean;
  cwd: string;
  /** `provider/model` for a new session's header. */
  model: string;
}

export interface OpenedSession {
  writer: SessionWriter;
  /** Loaded history (empty for a new session); includes `repairs`. */
  history: HistoryItem[];
  /** Tool results the loader added for unanswered calls; not yet in the file. */
  repairs: HistoryItem[];
  /** The model the session last used (the header model for a new one). */
  model: string;
  /** The permission mode the user last switched to in it; undefined for a new session or none recorded. */
  mode?: PermissionMode;
  /**
   * Usage of every model answer in the file, compacted-away ones included, so a resumed session's totals
   * (and cost) continue where they left off. Summary requests are not stored and not counted.
   */
  priorUsage: { model: string; usage: Usage }[];
  /** The last event seq the file holds (0 for a new session): the stream continues after it. */
  lastSeq: number;
  warnings: string[];
}

/** Throws an Error whose message says what failed and that nothing was changed. */
export async function openSession(options: OpenSessionOptions): Promise<OpenedSession> {
  const path = sessionPath(options.dir, options.id);
  if (options.resume) {
    if (!isValidSessionId(options.id)) throw new Error(`cannot resume "${options.id}": not a session id`);
    try {
      const loaded = await readSession(path);
      return {
        writer: openSessionWriter(path, loaded.lastEntryId),
        history: loaded.history,
        repairs: loaded.repairs,
        model: loaded.model,
        ...(loaded.mode ? { mode: loaded.mode } : {}),
        priorUsage: loaded.entries.flatMap((e) =>
          e.type === "message" && e.message.role === "assistant"
            ? [{ model: e.message.model, usage: e.message.usage }]
            : [],
        ),
        lastSeq: loaded.lastSeq,
        warnings: loaded.warnings,
      };
    } catch (error) {
      throw new Error(`cannot resume session ${options.id}: ${messageOf(error)}`);
    }
  }
  try {
    const writer = createSessionWriter(path, {
      type: "session",
      version: SESSION_VERSION,
      id: options.id,
      created_at: new Date().toISOString(),
      cwd: options.cwd,
      model: options.model,
    });
    return {
      writer,
      history: [],
      repairs: [],
      model: options.model,
      priorUsage: [],
      lastSeq: 0,
      warnings: [],
    };
  } catch (error) {
    throw new Error(`cannot create the session file in ${options.dir}: ${messageOf(error)}`);
  }
}
