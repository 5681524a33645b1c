/**
 * What the agent last saw of each file, so an edit never silently reverts a change the user made meanwhile.
 *
 * One instance per session, shared by `read` (which calls `recordRead`) and the editing tools (which call
 * `check` before changing a file and `recordWrite` after). Keys are absolute paths (normalized with
 * `path.resolve`). Contents are kept as text so a refusal can show the model a diff of the user's change.
 *
 * Comparison is on the UTF-8 decoding of the bytes: pass the whole file as read (string or bytes). Invalid
 * UTF-8 bytes decode to U+FFFD on both sides, so a change from one invalid byte to another is not seen.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { shortenDiff, unifiedDiff } from "./diff-text.ts";

export type FileCheck =
  | { ok: true }
  | {
      ok: false;
      /** `not_read`: never read or written in this session; the others: changed since. */
      reason: "not_read" | "changed_on_disk" | "deleted";
      /** For `changed_on_disk`: unified diff from what the agent saw to what is on disk now. */
      diff?: string;
    };

export interface FileState {
  /** The agent read the whole of `path`; `content` is the file as it was on disk. */
  recordRead(path: string, content: string | Uint8Array): void;
  /** The agent wrote `content` to `path` (it is now what the agent last saw). */
  recordWrite(path: string, content: string | Uint8Array): void;
  /**
   * The agent deleted or moved `path` away, or was told that someone else did: it is forgotten, so it must be
   * read again before it is replaced, and creating it anew is no longer treated as a recreation.
   */
  recordDelete(path: string): void;
  /** Whether the agent may change `path` now: it saw the file, and the file is as the agent saw it. */
  check(path: string): Promise<FileCheck>;
  /** True when the agent has read or written `path` in this session (whatever is on disk now). */
  has(path: string): boolean;
}

export interface FileStateOptions {
  /** Shown in diffs instead of absolute paths (e.g. the workspace). Default: paths shown as given. */
  cwd?: string;
}

export function createFileState(options: FileStateOptions = {}): FileState {
  const seen = new Map<string, string>();
  const toText = (content: string | Uint8Array) =>
    typeof content === "string" ? content : Buffer.from(content).toString("utf8");
  const label = (abs: string) =>
    options.cwd && abs.startsWith(`${options.cwd}/`) ? abs.slice(options.cwd.length + 1) : abs;

  return {
    recordRead(path, content) {
      seen.set(resolve(path), toText(content));
    },
    recordWrite(path, content) {
      seen.set(resolve(path), toText(content));
    },
    recordDelete(path) {
      seen.delete(resolve(path));
    },
    has(path) {
      return seen.has(resolve(path));
    },
    async check(path) {
      const abs = resolve(path);
      const known = seen.get(abs);
      if (known === undefined) return { ok: false, reason: "not_read" };
      let now: string;
      try {
        now = (await readFile(abs)).toString("utf8");
      } catch {
        return { ok: false, reason: "deleted" };
      }
      if (now === known) return { ok: true };
      return { ok: false, reason: "changed_on_disk", diff: unifiedDiff(label(abs), known, now) };
    },
  };
}

/**
 * The message for a refused change: what happened, that nothing was written, and what to do next.
 */
export function describeRefusal(shownPath: string, check: Exclude<FileCheck, { ok: true }>): string {
  switch (check.reason) {
    case "not_read":
      return `Refused: ${shownPath} exists but you have not read it in this session. Read it first, then retry. Nothing was written.`;
    case "deleted":
      return `Refused: ${shownPath} was deleted or moved since you last read it (the user or another process removed it). Nothing was written. Do not bring it back unless the user asked for it; if recreating it is really intended, issue the same call again.`;
    case "changed_on_disk":
      return [
        `Refused: ${shownPath} changed on disk since you last read it (the user or another process edited it). Nothing was written.`,
        "Their change:",
        shortenDiff(check.diff ?? "", 80),
        "Read the file again and build on their change; do not revert it.",
      ].join("\n");
  }
}
