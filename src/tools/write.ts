/**
 * The write tool: creates or replaces a whole file atomically, creating parent folders. Replacing a file needs
 * the agent to have read it in this session and the file to be unchanged since (FileState): a user's edit is
 * never silently overwritten, and a file the agent saw that was deleted since is not silently recreated.
 */

import { readFile, stat } from "node:fs/promises";
import { defineTool, type Tool } from "../core/tool.ts";
import { messageOf } from "../util/message-of.ts";
import { z } from "../util/zod.ts";
import { atomicWrite } from "./atomic-write.ts";
import { unifiedDiff } from "./diff-text.ts";
import { describeRefusal, type FileState } from "./file-state.ts";
import { JSON_SCHEMAS } from "./json-schemas.ts";
import { displayPath, resolvePath } from "./paths.ts";

export interface WriteToolOptions {
  /** The session's file-state tracker (shared with `read`, `edit` and `apply_patch`). */
  fileState: FileState;
}

export interface WriteDetails {
  path: string;
  created: boolean;
  bytes: number;
  lines: number;
  /** Unified diff from the old content ("" side for a new file). */
  diff: string;
}

const parameters = z.object({ path: z.string().check(z.minLength(1)), content: z.string() });

export function createWriteTool(options: WriteToolOptions): Tool<z.infer<typeof parameters>, WriteDetails> {
  return defineTool({
    name: "write",
    description: "Create or overwrite a file with content (read an existing file first).",
    parameters,
    jsonSchema: JSON_SCHEMAS.write,
    kind: "edit",
    paths: (args, ctx) => ({ reads: [], writes: [resolvePath(ctx.cwd, args.path)] }),
    guidelines: "Use write only for new files or complete rewrites.",
    summarize: (args) => `write ${args.path}`,
    async preview(args, ctx) {
      const abs = resolvePath(ctx.cwd, args.path);
      const shown = displayPath(ctx.cwd, abs);
      const current = await readCurrent(abs, shown);
      // A new file's diff is all `+` lines: its head, numbered, is what the prompt shows.
      return "error" in current ? undefined : unifiedDiff(shown, current.before ?? "", args.content);
    },
    async execute(args, ctx) {
      const abs = resolvePath(ctx.cwd, args.path);
      const shown = displayPath(ctx.cwd, abs);
      const fail = (content: string) => ({ content, isError: true });

      const current = await readCurrent(abs, shown);
      if ("error" in current) return fail(current.error);
      const { before } = current;
      // A file the agent saw that is gone now was deleted by someone else (the user): like a user's edit, that is
      // not silently reverted. The refusal forgets the file, so a deliberate re-issue creates it.
      if (before !== undefined || options.fileState.has(abs)) {
        const state = await options.fileState.check(abs);
        if (!state.ok) {
          if (state.reason === "deleted") options.fileState.recordDelete(abs);
          return fail(describeRefusal(shown, state));
        }
      }

      try {
        await atomicWrite(abs, args.content);
      } catch (error) {
        const kept = before === undefined ? "Nothing was created" : "The old file is unchanged";
        return fail(`Could not write ${shown}: ${messageOf(error)}. ${kept}.`);
      }
      options.fileState.recordWrite(abs, args.content);

      const bytes = Buffer.byteLength(args.content);
      const lines =
        args.content === "" ? 0 : args.content.split("\n").length - (args.content.endsWith("\n") ? 1 : 0);
      const created = before === undefined;
      return {
        content: `${created ? "Created" : "Overwrote"} ${shown} (${lines} lines, ${bytes} bytes).`,
        details: { path: shown, created, bytes, lines, diff: unifiedDiff(shown, before ?? "", args.content) },
      };
    },
  });
}

/** The file's content now (undefined: absent), or why it cannot be written. */
async function readCurrent(abs: string, shown: string): Promise<{ before?: string } | { error: string }> {
  try {
    const info = await stat(abs);
    if (info.isDirectory()) return { error: `${shown} is a directory. Nothing was written.` };
    return { before: (await readFile(abs)).toString("utf8") };
  } catch (error) {
    // ENOTDIR: a parent is a file, so the target cannot exist; the write fails and says why.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") {
      return { error: `Cannot inspect ${shown}: ${messageOf(error)}. Nothing was written.` };
    }
    return {};
  }
}
