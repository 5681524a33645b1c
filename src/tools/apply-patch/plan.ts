/**
 * Turns parsed hunks into the final content of every touched file, in memory, before anything is written.
 * Hunks apply in order over a virtual view of the workspace (so "update a, then move a" works); the first
 * failure stops planning and names the file and the hunk. Paths must stay inside the workspace.
 */

import { readFile, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { messageOf } from "../../util/message-of.ts";
import { isInside } from "../paths.ts";
import type { FileHunk, UpdateChunk } from "./parser.ts";
import type { SeekLevel } from "./seek.ts";
import { applyChunks } from "./update-file.ts";

/** One touched path: its content before (null: absent) and after (null: deleted). */
export interface PlannedFile {
  abs: string;
  /** As written in the patch, relative to the workspace. */
  path: string;
  before: Buffer | null;
  after: Buffer | null;
}

export interface FileChange {
  type: "add" | "update" | "delete";
  path: string;
  /** For a move: where the file went (`path` is where it was). */
  move_path?: string;
  /** Unified diff (UTF-8 view) for the UI. */
  diff: string;
}

export type Plan =
  | { ok: true; files: PlannedFile[]; hunks: FileHunk[]; tolerant: SeekLevel[] }
  | { ok: false; error: string };

export async function planPatch(hunks: FileHunk[], cwd: string): Promise<Plan> {
  const root = resolve(cwd);
  const files = new Map<string, PlannedFile>();
  const tolerant: SeekLevel[] = [];

  const realRoot = await realpath(root).catch(() => root);
  const locate = async (path: string): Promise<string | { error: string }> => {
    if (path === "") return { error: "a file header has an empty path" };
    if (isAbsolute(path)) return { error: `'${path}' is absolute; use a path relative to the workspace` };
    const abs = resolve(root, path);
    if (!isInside(root, abs) || abs === root) return { error: `'${path}' is outside the workspace` };
    // Writes follow symlinks (atomicWrite replaces the link's target), so the real path must stay inside too.
    if (!isInside(realRoot, await realPathOf(abs))) {
      return { error: `'${path}' leads outside the workspace through a symlink` };
    }
    return abs;
  };
  const current = async (abs: string, path: string): Promise<PlannedFile | { error: string }> => {
    const known = files.get(abs);
    if (known) return known;
    let before: Buffer | null = null;
    try {
      if ((await stat(abs)).isDirectory()) return { error: `'${path}' is a directory` };
      before = await readFile(abs);
    } catch (error) {
      // ENOTDIR (a parent is a file) counts as absent here; writing it then fails and is rolled back.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR")
        return { error: `cannot read '${path}': ${messageOf(error)}` };
    }
    const entry = { abs, path, before, after: before };
    files.set(abs, entry);
    return entry;
  };

  for (const hunk of hunks) {
    const abs = await locate(hunk.path);
    if (typeof abs !== "string") return fail(hunk, abs.error);
    const entry = await current(abs, hunk.path);
    if ("error" in entry) return fail(hunk, entry.error);
    if (hunk.type === "add") {
      entry.after = Buffer.from(hunk.contents, "utf8");
      continue;
    }
    if (entry.after === null) {
      return fail(
        hunk,
        `'${hunk.path}' does not exist${entry.before ? " (an earlier hunk removed it)" : ""}`,
      );
    }
    if (hunk.type === "delete") {
      entry.after = null;
      continue;
    }
    const result = applyChunks(entry.after, hunk.chunks);
    if (!result.ok) {
      const chunk = hunk.chunks[result.chunkIndex] as UpdateChunk;
      return {
        ok: false,
        error: `Patch not applied (no file was changed): ${hunk.path}, hunk ${result.chunkIndex + 1} of ${hunk.chunks.length} (patch line ${chunk.patchLine}):\n${quoteChunk(chunk)}\n${result.reason}. Read the file again and fix the hunk.${result.hint ? `\n${result.hint}` : ""}`,
      };
    }
    tolerant.push(...result.tolerant);
    if (hunk.moveTo === undefined) {
      entry.after = result.bytes;
      continue;
    }
    const destAbs = await locate(hunk.moveTo);
    if (typeof destAbs !== "string") return fail(hunk, `Move to: ${destAbs.error}`);
    const dest = await current(destAbs, hunk.moveTo);
    if ("error" in dest) return fail(hunk, `Move to: ${dest.error}`);
    entry.after = null;
    dest.after = result.bytes;
  }
  return { ok: true, files: [...files.values()], hunks, tolerant };
}

/** The real path of `abs`, resolving symlinks in its deepest existing ancestor (the rest may not exist yet). */
async function realPathOf(abs: string): Promise<string> {
  const rest: string[] = [];
  for (let cur = abs; ; cur = dirname(cur)) {
    try {
      return join(await realpath(cur), ...rest.reverse());
    } catch {
      if (dirname(cur) === cur) return abs;
      rest.push(basename(cur));
    }
  }
}

function fail(hunk: FileHunk, why: string): Plan {
  const op = { add: "Add File", delete: "Delete File", update: "Update File" }[hunk.type];
  return {
    ok: false,
    error: `Patch not applied (no file was changed): '*** ${op}: ${hunk.path}' (patch line ${hunk.patchLine}): ${why}.`,
  };
}

/** The hunk's first lines, as the model wrote them. */
function quoteChunk(chunk: UpdateChunk): string {
  const lines: string[] = chunk.anchor !== undefined ? [`@@ ${chunk.anchor}`] : [];
  const old = chunk.oldLines.slice(0, 3).map((l) => `| ${l}`);
  lines.push(...(old.length > 0 ? old : chunk.newLines.slice(0, 2).map((l) => `+ ${l}`)));
  if (chunk.oldLines.length > 3) lines.push(`  … ${chunk.oldLines.length - 3} more lines`);
  return lines.map((l) => `  ${l}`).join("\n");
}
