/**
 * The edit tool: replaces one exact occurrence of `old_string` (or all, with `replace_all`). Falls back to a
 * whitespace-tolerant match only when it is unique, and says so. Keeps the file's line endings, BOM and any
 * bytes outside the edit; refuses to touch a file the agent has not read or that changed since (FileState).
 */

import { readFile } from "node:fs/promises";
import { defineTool, type Tool } from "../core/tool.ts";
import { messageOf } from "../util/message-of.ts";
import { z } from "../util/zod.ts";
import { atomicWrite } from "./atomic-write.ts";
import { diffStats, shortenDiff, unifiedDiff } from "./diff-text.ts";
import { type MatchResult, replaceText } from "./edit-match.ts";
import { decodeFile, encodeFile, type FileText, fromBytes, matchEol, toBytes } from "./edit-text.ts";
import { describeRefusal, type FileState } from "./file-state.ts";
import { JSON_SCHEMAS } from "./json-schemas.ts";
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
  path: z.string().check(z.minLength(1)),
  old_string: z.string(),
  new_string: z.string(),
  replace_all: z.optional(z.boolean()),
});

export function createEditTool(options: EditToolOptions): Tool<z.infer<typeof parameters>, EditDetails> {
  const maxDiffLines = options.maxDiffLines ?? 30;
  return defineTool({
    name: "edit",
    description:
      "Replace old_string (exact, unique unless replace_all) with new_string in a file you have read.",
    parameters,
    jsonSchema: JSON_SCHEMAS.edit,
    kind: "edit",
    paths: (args, ctx) => {
      const abs = resolvePath(ctx.cwd, args.path);
      return { reads: [abs], writes: [abs] };
    },
    guidelines:
      "edit needs old_string copied exactly from the file (without read's line numbers) and unique in it.",
    summarize: (args) => `edit ${args.path}`,
    async preview(args, ctx) {
      const plan = await planEdit(args, ctx.cwd);
      return plan.ok ? planDiff(plan) : undefined;
    },
    async execute(args, ctx) {
      const plan = await planEdit(args, ctx.cwd, async (abs, shown) => {
        const state = await options.fileState.check(abs);
        return state.ok ? undefined : describeRefusal(shown, state);
      });
      if (!plan.ok) return { content: plan.error, isError: true };
      const { abs, shown, file, result } = plan;
      const fail = (content: string) => ({ content, isError: true });

      const out = encodeFile(file, result.text);
      try {
        await atomicWrite(abs, out);
      } catch (error) {
        return fail(`Could not write ${shown}: ${messageOf(error)}. The file is unchanged.`);
      }
      options.fileState.recordWrite(abs, out);

      const diff = planDiff(plan);
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

type EditPlan =
  | { ok: false; error: string }
  | {
      ok: true;
      abs: string;
      shown: string;
      file: FileText;
      result: Extract<MatchResult, { ok: true }>;
    };

/** The plan's change as a unified diff (the model's, the UI's and the approval's). */
const planDiff = (plan: Extract<EditPlan, { ok: true }>) =>
  unifiedDiff(plan.shown, fromBytes(plan.file.text), fromBytes(plan.result.text));

/**
 * The edit worked out in memory, nothing written: for `execute` and for the approval's `preview`. `guard`
 * (the file-state check) runs after the file is read and before the match, so its refusal comes first.
 */
async function planEdit(
  args: z.infer<typeof parameters>,
  cwd: string,
  guard?: (abs: string, shown: string) => Promise<string | undefined>,
): Promise<EditPlan> {
  const abs = resolvePath(cwd, args.path);
  const shown = displayPath(cwd, abs);
  const fail = (error: string) => ({ ok: false as const, error });
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
    return fail(`Cannot read ${shown}: ${messageOf(error)}`);
  }
  const refused = await guard?.(abs, shown);
  if (refused) return fail(refused);

  const file = decodeFile(bytes);
  const result = replaceText({
    text: file.text,
    oldText: toBytes(matchEol(args.old_string, file.crlf)),
    newText: toBytes(matchEol(args.new_string, file.crlf)),
    replaceAll: args.replace_all ?? false,
    eol: file.crlf ? "\r\n" : "\n",
  });
  if (!result.ok) return fail(`${shown}: ${result.error} Nothing was changed.`);
  return { ok: true, abs, shown, file, result };
}
