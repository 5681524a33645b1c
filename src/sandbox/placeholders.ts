/**
 * The empty mount points bubblewrap leaves on the host. A guard for a missing entry (`.git`, `.tandem`,
 * `.git/hooks`, ...) is a read-only mount, and bubblewrap first creates its mount point, on the host, since the
 * workspace is bound from it. Left there, an empty `.git/` makes ripgrep treat the folder as a repository root
 * (it then ignores the parent repository's `.gitignore`) and makes `git clean` in a parent repository fail.
 *
 * So each command records, before it starts, which placeholders it will mount (the ones missing now, and the
 * ones another command created and still mounts), and when it ends the last command using a placeholder removes
 * it if it is still empty. The record matters: removing a directory on the host that is a mount point in another
 * command's sandbox succeeds and silently detaches that mount (Linux ≥ 3.18), which would let that command
 * create the entry after all. The records live in the user's private sandbox folder (empty-file.ts), one folder
 * per placeholder path, changed under a lock (a file created exclusively); a use whose process is gone is stale.
 *
 * One sandbox keeps its uses for `lingerMs` after its last command ends, so a burst of commands (a fast model's
 * tool calls, parallel calls) records and removes each placeholder once instead of per command: removing the
 * mount point right after its sandbox exits waits for the kernel to tear that mount namespace down (~1 ms per
 * `rmdir` here), and the lock rounds cost as much again. Meanwhile an empty `.git` stays on the host: git looks
 * past it, the sandbox mounts a `.git` without `HEAD` read-only (git-guards.ts), and tandem's host git pins past
 * it as git does (host-git/invocation.ts). Everything kept is removed on process exit.
 */
import { createHash, randomBytes } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { makeDirSync } from "../util/make-dir.ts";
import { processAlive } from "../util/process-alive.ts";
import { sandboxStateDir } from "./empty-file.ts";
import { kindOf } from "./paths.ts";
import type { SandboxPolicy } from "./policy.ts";

export interface PlaceholderUse {
  /** Call once the command has ended: removes the placeholders it made that no other command still mounts. */
  release(): void;
}

export interface PlaceholderOptions {
  /** Where the records live. Default the user's private sandbox folder (shared by the user's processes). */
  stateDir?: { dir: string; shared: boolean };
  /**
   * How long a placeholder stays after the last command using it ends, for the next command to reuse. Default
   * 2,000 ms; 0 removes it as each command ends.
   */
  lingerMs?: number;
}

export interface Placeholders {
  /** Records the placeholders `policy` mounts, before the command starts. Never throws: worst case they stay. */
  use(policy: SandboxPolicy): PlaceholderUse;
  /** Removes every placeholder kept for reuse now (still-running commands keep theirs). */
  flush(): void;
}

interface CreatedRecord {
  path: string;
  /** The highest folder bubblewrap had to create for it (the path itself, or a missing parent). */
  top: string;
}

/** A lock held longer than this belongs to a process that died inside it. */
const STALE_LOCK_MS = 10_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function withLock<T>(keyDir: string, body: () => T): T {
  const lock = join(keyDir, "lock");
  for (let i = 0; ; i++) {
    try {
      makeDirSync(keyDir, { mode: 0o700 });
      // An exclusive create: a file, since making and removing a folder costs ten times more here (~1 ms).
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST" && code !== "ENOENT") throw error;
      const age = Date.now() - (lstatSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lock, { force: true });
      // Synchronous on purpose: prepare() and finish() are; the section held is a handful of syscalls.
      Atomics.wait(sleeper, 0, 0, Math.min(1 + i, 20));
    }
  }
  try {
    return body();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** The highest missing folder on the way to `path` (bubblewrap creates all of them), `path` itself at least. */
function topMissing(path: string): string {
  let top = path;
  for (let dir = dirname(path); dir !== dirname(dir) && kindOf(dir) === "missing"; dir = dirname(dir))
    top = dir;
  return top;
}

/** Removes `path` if it is still an empty folder or an empty file, then the empty folders up to `top`. */
function removeIfEmpty(record: CreatedRecord): void {
  try {
    const s = lstatSync(record.path, { throwIfNoEntry: false });
    if (!s) return;
    if (s.isDirectory()) {
      if (readdirSync(record.path).length > 0) return;
      rmdirSync(record.path);
    } else if (s.isFile() && s.size === 0) unlinkSync(record.path);
    else return;
    if (record.path === record.top || !record.path.startsWith(`${record.top}/`)) return;
    for (let dir = dirname(record.path); ; dir = dirname(dir)) {
      rmdirSync(dir); // throws when not empty: then it holds something of someone's, and we stop
      if (dir === record.top) break;
    }
  } catch {
    // not empty, or gone: left as it is
  }
}

/** What one process holds of one placeholder record folder: its use file, by how many running commands. */
interface Held {
  useName: string;
  running: number;
  timer?: NodeJS.Timeout;
}

/** Records one use of `keyDir`'s placeholder under the lock; false when it is not ours to record. */
function recordUse(keyDir: string, guard: SandboxPolicy["guards"][number], useName: string): boolean {
  const recordFile = join(keyDir, "created");
  const missing = guard.kind === "block-create" && kindOf(guard.path) === "missing";
  if (!missing && kindOf(recordFile) === "missing") return false; // the user's own entry: not ours to remove
  try {
    return withLock(keyDir, () => {
      if (missing && kindOf(recordFile) === "missing") {
        const record: CreatedRecord = { path: guard.path, top: topMissing(guard.path) };
        writeFileSync(recordFile, JSON.stringify(record));
      }
      if (kindOf(recordFile) === "missing") return false;
      writeFileSync(join(keyDir, useName), "");
      return true;
    });
  } catch {
    return false; // no record: the placeholder stays behind, as it always did
  }
}

/** The placeholder records of one sandbox: see the file comment. */
export function createPlaceholders(options: PlaceholderOptions = {}): Placeholders {
  const lingerMs = options.lingerMs ?? 2_000;
  const held = new Map<string, Held>();
  let state: { dir: string; shared: boolean } | undefined;

  const drop = (keyDir: string): void => {
    const h = held.get(keyDir);
    if (!h || h.running > 0) return;
    clearTimeout(h.timer);
    held.delete(keyDir);
    if (held.size === 0) process.off("exit", flush);
    try {
      withLock(keyDir, () => releaseOne(keyDir, h.useName));
    } catch {
      // left for the next command's release
    }
  };
  function flush(): void {
    for (const keyDir of [...held.keys()]) drop(keyDir);
  }

  return {
    use(policy) {
      try {
        state ??= options.stateDir ?? sandboxStateDir();
      } catch {
        return { release() {} };
      }
      // Without the shared folder other processes' uses are invisible, and removing could detach their mounts.
      if (!state.shared) return { release() {} };
      const root = join(state.dir, "placeholders");
      const used: string[] = [];
      for (const guard of policy.guards) {
        const keyDir = join(root, createHash("sha256").update(guard.path).digest("hex").slice(0, 24));
        let entry = held.get(keyDir);
        if (entry) {
          // Still recorded as ours (our use file keeps other processes from removing it): nothing to write.
          clearTimeout(entry.timer);
          entry.timer = undefined;
        } else {
          const useName = `use-${process.pid}-${randomBytes(6).toString("hex")}`;
          if (!recordUse(keyDir, guard, useName)) continue;
          if (held.size === 0) process.on("exit", flush);
          entry = { useName, running: 0 };
          held.set(keyDir, entry);
        }
        entry.running++;
        used.push(keyDir);
      }
      return {
        release() {
          for (const keyDir of used.splice(0)) {
            const h = held.get(keyDir);
            if (!h) continue;
            h.running--;
            if (h.running > 0) continue;
            if (lingerMs <= 0) drop(keyDir);
            else {
              h.timer = setTimeout(() => drop(keyDir), lingerMs);
              h.timer.unref();
            }
          }
        },
      };
    },
    flush,
  };
}

function releaseOne(keyDir: string, useName: string): void {
  rmSync(join(keyDir, useName), { force: true });
  for (const name of readdirSync(keyDir)) {
    if (!name.startsWith("use-")) continue;
    if (processAlive(Number(name.split("-")[1]))) return; // still mounted by another command
    rmSync(join(keyDir, name), { force: true });
  }
  const recordFile = join(keyDir, "created");
  let record: CreatedRecord | undefined;
  try {
    record = JSON.parse(readFileSync(recordFile, "utf8")) as CreatedRecord;
  } catch {
    record = undefined;
  }
  if (record) removeIfEmpty(record);
  rmSync(recordFile, { force: true });
}
