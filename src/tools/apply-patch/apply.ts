/**
 * `applyPatchText`: parse, plan every file in memory, then write atomically — all or nothing. Used by the
 * `apply_patch` tool (which adds the file-state guard) and by the `tandem apply-patch` command.
 */
import { unifiedDiff } from "../diff-text.ts";
import { commitPlan } from "./commit.ts";
import { parsePatch } from "./parser.ts";
import { type FileChange, type PlannedFile, planPatch } from "./plan.ts";
import type { SeekLevel } from "./seek.ts";

export type { FileChange } from "./plan.ts";

export interface ApplyPatchOptions {
  /** Workspace root: patch paths are relative to it and may not leave it. */
  cwd: string;
  /** Compute and report the changes without writing. Default false. */
  dryRun?: boolean;
  /**
   * Called with the planned files before anything is written; returning a string refuses the patch with that
   * message (the tool's file-state guard). Default: no check.
   */
  beforeWrite?: (files: PlannedFile[]) => Promise<string | undefined>;
}

export type ApplyPatchResult =
  | { ok: true; changes: FileChange[]; files: PlannedFile[]; tolerant: SeekLevel[] }
  | { ok: false; error: string };

export async function applyPatchText(patch: string, options: ApplyPatchOptions): Promise<ApplyPatchResult> {
  const parsed = parsePatch(patch);
  if (!parsed.ok) return { ok: false, error: `${parsed.error} No file was changed.` };
  const plan = await planPatch(parsed.hunks, options.cwd);
  if (!plan.ok) return plan;
  const refused = await options.beforeWrite?.(plan.files);
  if (refused) return { ok: false, error: refused };
  if (!options.dryRun) {
    const committed = await commitPlan(plan.files);
    if (!committed.ok) return committed;
  }
  return {
    ok: true,
    changes: describeChanges(plan.files, parsed.hunks),
    files: plan.files,
    tolerant: plan.tolerant,
  };
}

/** One entry per file the patch names, in patch order; a move is one `update` with `move_path`. */
function describeChanges(files: PlannedFile[], hunks: Parameters<typeof planPatch>[0]): FileChange[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const text = (b: Buffer | null) => (b === null ? "" : b.toString("utf8"));
  const changes: FileChange[] = [];
  const seen = new Set<string>();
  for (const hunk of hunks) {
    const key = `${hunk.path}\0${hunk.type === "update" ? (hunk.moveTo ?? "") : ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const file = byPath.get(hunk.path);
    if (!file) continue;
    if (hunk.type === "update" && hunk.moveTo !== undefined) {
      const dest = byPath.get(hunk.moveTo);
      changes.push({
        type: "update",
        path: hunk.path,
        move_path: hunk.moveTo,
        diff: unifiedDiff(hunk.moveTo, text(file.before), text(dest?.after ?? null)),
      });
      continue;
    }
    const type = file.after === null ? "delete" : file.before === null ? "add" : "update";
    changes.push({
      type,
      path: hunk.path,
      diff: unifiedDiff(hunk.path, text(file.before), text(file.after)),
    });
  }
  return changes;
}

/** `A path` / `M path` / `M old → new` / `D path`, one line per change. */
export function summarizeChanges(changes: FileChange[]): string {
  const letter = { add: "A", update: "M", delete: "D" } as const;
  return changes
    .map((c) => `${letter[c.type]} ${c.path}${c.move_path !== undefined ? ` → ${c.move_path}` : ""}`)
    .join("\n");
}
