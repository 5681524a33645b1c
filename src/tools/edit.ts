/**
 * The edit tool: replaces one exact occurrence of `old_string` (or all, with `replace_all`). Falls back to a
 * whitespace-tolerant match only when it is unique, and says so. Keeps the file's line endings, BOM and any
 * bytes outside the edit; refuses to touch a file the agent has not read or that changed since (FileState).
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { defineTool, type Tool } from "../core/tool.ts";
import { atomicWrite } from "./atomic-write.ts";
import { diffStats, shortenDiff, unifiedDiff } from "./diff-text.ts";
import { replaceText } from "./edit-match.ts";
import { decodeFile, encodeFile, fromBytes, matchEol, toBytes } from "./edit-text.ts";
import { describeRefusal, type FileState } from "./file-state.ts";
import { displayPath, resolvePath } from "./paths.ts";

export interface EditToolOptions {
  /** The session's file-state tracker (shared with `read`, `write` and `apply_patch`). */
  fileState: FileState;
  /** Diff lines shown to the model in the result (the UI gets the whole diff). Default 30. */
  maxDiffLines?: number;
}

export interface EditDetails {
  path: string;
  /** Full unified diff of the change. */
  diff: string;
  replacements: number;
  /** Set when a whitespace-tolerant match was used: which tolerance. */
  tolerant?: string;
}

const parameters = z.object({
  path: z.string().min(1),
  old_string: z.string(),
  new_string: z.string(),
  replace_all: z.boolean().optional(),
});

export function createEditTool(options: EditToolOptions): Tool<z.infer<typeof parameters>, EditDetails> {
  const maxDiffLines = options.maxDiffLines ?? 30;
  return defineTool({
    name: "edit",
    description:
      "Replace old_string (exact, unique unless replace_all) with new_string in a file you have read.",
    parameters,
    readOnly: false,
    summarize: (args) => `edit ${args.path}`,
    async execute(args, ctx) {
      const abs = resolvePath(ctx.cwd, args.path);
      const shown = displayPath(ctx.cwd, abs);
      const fail = (content: string) => ({ content, isError: true });
      if (args.old_string === "")
        return fail("old_string is empty. To create or replace a whole file use write.");
      if (args.old_string === args.new_string)
        return fail("old_string and new_string are identical: nothing to change.");

      let bytes: Buffer;
      try {
        bytes = await readFile(abs);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return fail(`${shown} does not exist. Use write to create it.`);
        return fail(`Cannot read ${shown}: ${(error as Error).message}`);
      }
      const state = await options.fileState.check(abs);
      if (!state.ok) return fail(describeRefusal(shown, state));

      const file = decodeFile(bytes);
      const result = replaceText({
        text: file.text,
        oldText: toBytes(matchEol(args.old_string, file.crlf)),
        newText: toBytes(matchEol(args.new_string, file.crlf)),
        replaceAll: args.replace_all ?? false,
        eol: file.crlf ? "\r\n" : "\n",
      });
      if (!result.ok) return fail(`${shown}: ${result.error} Nothing was changed.`);

      const out = encodeFile(file, result.text);
      try {
        await atomicWrite(abs, out);
      } catch (error) {
        return fail(`Could not write ${shown}: ${(error as Error).message}. The file is unchanged.`);
      }
      options.fileState.recordWrite(abs, out);

      const diff = unifiedDiff(shown, fromBytes(file.text), fromBytes(result.text));
      const { added, removed } = diffStats(diff);
      const where = result.count > 1 ? `${result.count} replacements` : `line ${result.firstLine}`;
      const note = result.tolerant ? ` Note: no exact match; applied a unique match ${result.tolerant}.` : "";
      const body = shortenDiff(diff.split("\n").slice(2).join("\n"), maxDiffLines);
      return {
        content: `Edited ${shown} (${where}, +${added} -${removed}).${note}\n${body}`,
        details: {
          path: shown,
          diff,
          replacements: result.count,
          ...(result.tolerant ? { tolerant: result.tolerant } : {}),
        },
      };
    },
  });
}
