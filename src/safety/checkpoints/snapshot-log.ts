/**
 * The append-only log of before/after-step snapshots of data the checkpoints do not hold (the git directory,
 * ignored files): one JSON line per snapshot that differs from the process's previous one. Lines written by
 * several processes may interleave, so a line names the line it is relative to (`base`) instead of relying on
 * order.
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { makeDirSync } from "../../util/make-dir.ts";

export interface SnapshotLine {
  id: string;
  /** The snapshot this one's `added`/`removed` lists are relative to (null: relative to nothing). */
  base: string | null;
  time: number;
  /** Path → content hash in the blob store, for every file backed up by copy. */
  files: Record<string, string>;
  /** File modes of `files`, where they are not 0o644 (ignored files keep their executable bit). */
  modes?: Record<string, number>;
  /** Write-once files (git objects) that appeared or disappeared since `base`; kept as hard links. */
  added?: string[];
  removed?: string[];
  /** Paths present at this snapshot but not backed up (over the budget, or no link/copy possible), with sizes. */
  unprotected?: Record<string, number>;
  /** Files not even looked at (beyond the file-count budget): not backed up, not named. */
  notLooked?: number;
}

export interface SnapshotLog {
  append(line: SnapshotLine): void;
  /** All lines by id; a torn last line is skipped. */
  read(): Map<string, SnapshotLine>;
}

export function createSnapshotLog(file: string): SnapshotLog {
  return {
    append(line) {
      makeDirSync(path.dirname(file), { mode: 0o700 });
      // One write per line keeps each line whole when processes append at once.
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    },
    read() {
      const lines = new Map<string, SnapshotLine>();
      let text = "";
      try {
        text = readFileSync(file, "utf8");
      } catch {
        return lines;
      }
      for (const raw of text.split("\n")) {
        if (!raw.trim()) continue;
        try {
          const line = JSON.parse(raw) as SnapshotLine;
          if (typeof line.id === "string") lines.set(line.id, line);
        } catch {
          // a line cut by a crash
        }
      }
      return lines;
    },
  };
}

/** The write-once paths present at snapshot `id`: its chain of bases replayed from the first. */
export function writeOncePathsAt(lines: Map<string, SnapshotLine>, id: string): Set<string> {
  const chain: SnapshotLine[] = [];
  const visited = new Set<string>();
  for (
    let line = lines.get(id);
    line && !visited.has(line.id);
    line = line.base ? lines.get(line.base) : undefined
  ) {
    visited.add(line.id);
    chain.push(line);
  }
  const set = new Set<string>();
  for (const line of chain.reverse()) {
    for (const p of line.removed ?? []) set.delete(p);
    for (const p of line.added ?? []) set.add(p);
  }
  return set;
}

/** An id unique across processes appending to one log; `seq` counts the writer's own snapshots. */
export function newSnapshotId(seq: number): string {
  return `${process.pid.toString(36)}-${Date.now().toString(36)}-${seq.toString(36)}`;
}
