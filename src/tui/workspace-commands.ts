/**
 * What /undo, /checkpoints, /diff and /mode show: lines for the transcript, from the same functions the
 * `tandem undo` and `tandem checkpoints` commands use (src/app/workspace-history.ts). No agent logic here.
 */
import type * as WorkspaceHistory from "../app/workspace-history.ts";
import { inertText } from "./inert-text.ts";
import type { Style } from "./style.ts";

/** Loaded at the first of these commands, not on the UI's start-up path (~10 ms: bench/tui-start.ts). */
const history = (): Promise<typeof WorkspaceHistory> => import("../app/workspace-history.ts");

export interface WorkspaceTarget {
  /** TANDEM_HOME, where the workspace's checkpoints and undo journal live. */
  home: string;
  /** The session's folder. */
  cwd: string;
}

/**
 * /undo: the lines `tandem undo` prints. `overwrite` (default false) also reverts files the user changed after
 * the step, as `tandem undo --overwrite` does; without it they keep the user's version and are named.
 */
export async function undoOutput(target: WorkspaceTarget, overwrite = false): Promise<string[]> {
  const { undoLast } = await history();
  return (await undoLast(target.home, target.cwd, { overwrite })).lines;
}

/** /checkpoints: newest first, at most `limit` (default 20), with a pointer to the rest. */
export async function checkpointsOutput(target: WorkspaceTarget, limit = 20): Promise<string[]> {
  const { checkpointLine, openCheckpointStore } = await history();
  const list = await openCheckpointStore(target.home, target.cwd).list({ limit: limit + 1 });
  if (list.length === 0) return ["no checkpoints for this workspace"];
  const lines = list.slice(0, limit).map(checkpointLine);
  if (list.length > limit) lines.push(`(older ones: tandem checkpoints)`);
  lines.push("go back to one with: tandem checkpoints restore N");
  return lines;
}

/** A unified diff's lines coloured: additions green, deletions red, hunk heads cyan, file heads bold. */
export function colorDiff(patch: string, style: Style): string[] {
  // `--- a/x` is a file head only before a file's first hunk; inside one it is a deleted line.
  let inHunk = false;
  return patch
    .replace(/\n$/, "")
    .split("\n")
    .map((raw) => {
      // File content must not drive the terminal.
      const line = inertText(raw).replace(/\t/g, "    ");
      if (line.startsWith("diff --git")) inHunk = false;
      if (line.startsWith("@@")) {
        inHunk = true;
        return style.cyan(line);
      }
      if (!inHunk) return style.bold(line);
      if (line.startsWith("+")) return style.green(line);
      if (line.startsWith("-")) return style.red(line);
      return line;
    });
}

/**
 * /diff: everything changed since `since` (the session's start), coloured, at most `maxLines` lines of patch
 * with a note of what was left out.
 */
export async function diffOutput(
  target: WorkspaceTarget & { since: number; style: Style; maxLines: number },
): Promise<string[]> {
  const { changesSince } = await history();
  const changes = await changesSince(target.home, target.cwd, target.since);
  if (!changes) return ["no changes recorded in this session"];
  const when = new Date(changes.from.time).toISOString().replace("T", " ").slice(0, 19);
  const head = `changes since checkpoint ${changes.from.seq} (${when} UTC): ${changes.files.length} file(s)`;
  if (!changes.patch) return [head, "no differences: the workspace is as it was"];
  const lines = colorDiff(changes.patch, target.style);
  const max = Math.max(1, target.maxLines);
  if (lines.length <= max) return [head, ...lines];
  return [
    head,
    ...lines.slice(0, max),
    target.style.dim(
      `… ${lines.length - max} more lines not shown (${changes.files.length} file(s)); all of it: tandem checkpoints diff ${changes.from.seq}`,
    ),
  ];
}

/** /mode: the permission mode and sandbox in force, and how to switch. */
export function modeOutput(mode: string | undefined, sandbox: string | undefined): string[] {
  return [
    `mode: ${mode ?? "unknown"}`,
    `sandbox: ${sandbox ?? "unknown"}`,
    "switch with /mode ask|auto|full or Shift+Tab (ask → auto → full), from the next tool call on;",
    "the sandbox follows the mode (full: none, else workspace-write) unless chosen at start with --sandbox",
  ];
}
