/**
 * Checkpoint data lives in the shadow commit's message: the label as subject, then one trailer line holding JSON.
 * `list()` is then a single `git log` call, with no side files to keep in sync.
 */
import type { Checkpoint, CheckpointKind, CheckpointMeta } from "./types.ts";

const TRAILER = "Tandem-Checkpoint: ";

export interface CheckpointRecord {
  seq: number;
  kind: CheckpointKind;
  time: number;
  filesChanged: number;
  meta: CheckpointMeta;
  paths?: string[];
}

export function encodeMessage(label: string, record: CheckpointRecord): string {
  const subject = label.replace(/\s+/g, " ").trim() || "checkpoint";
  return `${subject}\n\n${TRAILER}${JSON.stringify({ v: 1, ...record })}\n`;
}

/** Parses one commit from `git log --format=%H%x1f%T%x1f%B`; null for commits that are not checkpoints. */
export function decodeCommit(id: string, tree: string, body: string): Checkpoint | null {
  const lines = body.split("\n");
  const trailer = lines.find((line) => line.startsWith(TRAILER));
  if (!trailer) return null;
  let data: unknown;
  try {
    data = JSON.parse(trailer.slice(TRAILER.length));
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null) return null;
  const record = data as Partial<CheckpointRecord>;
  if (typeof record.seq !== "number") return null;
  const checkpoint: Checkpoint = {
    seq: record.seq,
    id,
    shortId: id.slice(0, 10),
    tree,
    label: lines[0] ?? "",
    time: typeof record.time === "number" ? record.time : 0,
    kind: record.kind === "restore" || record.kind === "paths" ? record.kind : "step",
    filesChanged: typeof record.filesChanged === "number" ? record.filesChanged : 0,
    meta: record.meta && typeof record.meta === "object" ? record.meta : {},
  };
  if (Array.isArray(record.paths)) checkpoint.paths = record.paths.filter((p) => typeof p === "string");
  return checkpoint;
}
