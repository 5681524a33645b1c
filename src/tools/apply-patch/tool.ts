/**
 * The apply_patch tool: one `input` string in the Codex patch format. All or nothing; every file it updates,
 * deletes or overwrites must have been read in this session and be unchanged on disk since (FileState); a file
 * the agent saw that was deleted since is not silently re-added.
 */

import { defineTool, type Tool } from "../../core/tool.ts";
import { z } from "../../util/zod.ts";
import { describeRefusal, type FileState } from "../file-state.ts";
import { JSON_SCHEMAS } from "../json-schemas.ts";
import { applyPatchText, type FileChange, summarizeChanges } from "./apply.ts";
import { patchPaths } from "./patch-paths.ts";

export interface ApplyPatchToolOptions {
  /** The session's file-state tracker (shared with `read`, `edit` and `write`). */
  fileState: FileState;
}

export interface ApplyPatchDetails {
  changes: FileChange[];
}

const parameters = z.object({
  input: z.string().check(z.describe("*** Begin Patch … *** End Patch (Add/Update/Delete File, @@ hunks)")),
});

export function createApplyPatchTool(
  options: ApplyPatchToolOptions,
): Tool<z.infer<typeof parameters>, ApplyPatchDetails> {
  const { fileState } = options;
  return defineTool({
    name: "apply_patch",
    description: "Apply a patch in the Codex apply_patch format to files you have read; all or nothing.",
    parameters,
    jsonSchema: JSON_SCHEMAS.apply_patch,
    kind: "edit",
    paths: (args, ctx) => patchPaths(args.input, ctx.cwd),
    guidelines:
      "apply_patch format: `*** Begin Patch`, then `*** Add File: <path>` (lines prefixed +), `*** Delete File: <path>`, " +
      "or `*** Update File: <path>` with hunks starting `@@` (optionally `@@ <enclosing line>`) whose lines are prefixed " +
      "` ` (context, 3 lines around each change), `-` or `+`; end with `*** End Patch`.",
    summarize: (args) => {
      const files = [...args.input.matchAll(/^\s*\*\*\* (?:Add|Update|Delete) File: (.+?)\s*$/gm)].map(
        (m) => m[1],
      );
      return `apply_patch ${files.join(", ")}`;
    },
    async preview(args, ctx) {
      const result = await applyPatchText(args.input, { cwd: ctx.cwd, dryRun: true });
      if (!result.ok) return undefined;
      const diffs = result.changes.map((c) => c.diff).filter((d) => d.trim());
      return diffs.length > 0 ? diffs.join("\n") : undefined;
    },
    async execute(args, ctx) {
      const result = await applyPatchText(args.input, {
        cwd: ctx.cwd,
        async beforeWrite(files) {
          for (const file of files) {
            const changes = file.after === null || file.before === null || !file.before.equals(file.after);
            // Absent now but seen by the agent: someone deleted it since, and `Add File` would bring it back.
            const recreates = file.before === null && file.after !== null && fileState.has(file.abs);
            if ((file.before === null && !recreates) || !changes) continue;
            const state = await fileState.check(file.abs);
            if (!state.ok) {
              // Forgotten once reported, so re-issuing the same patch deliberately recreates it.
              if (state.reason === "deleted") fileState.recordDelete(file.abs);
              return `Patch not applied (no file was changed). ${describeRefusal(file.path, state)}`;
            }
          }
          return undefined;
        },
      });
      if (!result.ok) return { content: result.error, isError: true };
      for (const file of result.files) {
        if (file.after === null) fileState.recordDelete(file.abs);
        else fileState.recordWrite(file.abs, file.after);
      }
      const levels = [...new Set(result.tolerant)];
      const note = levels.length > 0 ? `\nNote: some lines matched only loosely (${levels.join(", ")}).` : "";
      return {
        content: `Applied patch:\n${summarizeChanges(result.changes)}${note}`,
        details: { changes: result.changes },
      };
    },
  });
}
