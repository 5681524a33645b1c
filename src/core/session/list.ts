/** Lists the sessions in a directory, newest activity first, for `--resume` pickers. */

import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { PermissionMode } from "../../protocol/permissions.ts";
import { clip } from "../../util/clip.ts";
import { textOf } from "../history.ts";
import { readSession } from "./reader.ts";

export interface SessionInfo {
  id: string;
  path: string;
  created_at: string;
  cwd: string;
  model: string;
  /** The permission mode the user last switched to in it (`set_mode`); absent when never switched. */
  mode?: PermissionMode;
  /** The first user message, whitespace collapsed, at most 80 characters; "" when there is none. */
  preview: string;
  /** ISO time of the last entry. */
  last_activity: string;
}

/** Files that are not readable sessions are left out. A missing directory lists nothing. */
export async function listSessions(dir: string): Promise<SessionInfo[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: SessionInfo[] = [];
  for (const name of names) {
    if (!name.endsWith(".jsonl")) continue;
    const path = join(dir, name);
    try {
      const session = await readSession(path);
      const first = session.entries.find((e) => e.type === "message" && e.message.role === "user");
      const text = first?.type === "message" ? textOf(first.message).replace(/\s+/g, " ").trim() : "";
      out.push({
        id: session.header.id,
        path,
        created_at: session.header.created_at,
        cwd: session.header.cwd,
        model: session.model,
        ...(session.mode ? { mode: session.mode } : {}),
        preview: clip(text, 80),
        last_activity: session.lastActivity,
      });
    } catch {
      // Not a session (or a newer format): skip it rather than fail the whole listing.
    }
  }
  return out.sort((a, b) =>
    a.last_activity < b.last_activity ? 1 : a.last_activity > b.last_activity ? -1 : 0,
  );
}
