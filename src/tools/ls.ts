/**
 * The ls tool: one folder's entries, folders first, then files and links, each group in name order. Folders end
 * in `/`, files show their size, links their target. Hidden and ignored entries are listed too: this is a plain
 * listing, not a search, but an entry the .gitignore rules (those from above too, outer-ignores.ts) exclude is
 * marked `(ignored)`, the way find and grep skip it. A name with a newline or other control character is shown
 * quoted (quote-name.ts).
 */

import type { Dirent } from "node:fs";
import { lstat, readdir, readlink, stat } from "node:fs/promises";
import { join } from "node:path";
import { defineTool, type Tool } from "../core/tool.ts";
import { messageOf } from "../util/message-of.ts";
import { quoteName } from "../util/quote-name.ts";
import { z } from "../util/zod.ts";
import { isIgnored, type Rules, rulesFor } from "./ignore-walk.ts";
import { JSON_SCHEMAS } from "./json-schemas.ts";
import { displayPath, resolvePath } from "./paths.ts";

export interface LsToolOptions {
  /** Entries shown. Default 500. */
  maxEntries?: number;
}

export interface Listing {
  text: string;
  shown: number;
  total: number;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/** Lists `absPath` (a folder). Shared with `read`, which answers a folder with this listing. */
export async function listDirectory(absPath: string, maxEntries = 500): Promise<Listing> {
  const entries: Dirent[] = await readdir(absPath, { withFileTypes: true });
  const dirs = entries.filter((e) => e.isDirectory()).sort((a, b) => byteOrder(a.name, b.name));
  const rest = entries.filter((e) => !e.isDirectory()).sort((a, b) => byteOrder(a.name, b.name));
  const ordered = [...dirs, ...rest].slice(0, maxEntries);
  let rules: Rules[] = [];
  try {
    rules = rulesFor(absPath);
  } catch {
    rules = []; // an unreadable ignore file: list without marks
  }
  const mark = (e: Dirent, line: string) =>
    isIgnored(rules, join(absPath, e.name), e.isDirectory()) ? `${line}  (ignored)` : line;
  const lines = await Promise.all(ordered.map(async (e) => mark(e, await entryLine(absPath, e))));
  let text = lines.length === 0 ? "(empty folder)" : lines.join("\n");
  if (entries.length > ordered.length) {
    text += `\n\n[showing ${ordered.length} of ${entries.length} entries; use find with a pattern to narrow]`;
  }
  return { text, shown: ordered.length, total: entries.length };
}

async function entryLine(absPath: string, e: Dirent): Promise<string> {
  const full = join(absPath, e.name);
  const name = quoteName(e.name);
  if (e.isDirectory()) return `${name}/`;
  if (e.isSymbolicLink()) {
    const target = await readlink(full).then(quoteName, () => "?");
    const isDir = await stat(full).then(
      (s) => s.isDirectory(),
      () => false,
    );
    return `${name}${isDir ? "/" : ""} -> ${target}`;
  }
  const size = await lstat(full).then(
    (s) => formatSize(s.size),
    () => "?",
  );
  return `${name}  ${size}`;
}

const parameters = z.object({
  path: z.optional(z.string()).check(z.describe("Folder; default the workspace")),
});

export function createLsTool(options: LsToolOptions = {}): Tool<z.infer<typeof parameters>, Listing> {
  return defineTool({
    name: "ls",
    description: "List a folder: subfolders first, files with sizes.",
    parameters,
    jsonSchema: JSON_SCHEMAS.ls,
    kind: "search",
    paths: (args, ctx) => ({ reads: [resolvePath(ctx.cwd, args.path)], writes: [] }),
    summarize: (args) => args.path ?? ".",
    async execute(args, ctx) {
      const abs = resolvePath(ctx.cwd, args.path);
      let isDir: boolean;
      try {
        isDir = (await stat(abs)).isDirectory();
      } catch {
        return { content: `Folder not found: ${displayPath(ctx.cwd, abs)}.`, isError: true };
      }
      if (!isDir)
        return { content: `${displayPath(ctx.cwd, abs)} is a file. Use read to see it.`, isError: true };
      try {
        const listing = await listDirectory(abs, options.maxEntries ?? 500);
        return { content: listing.text, details: listing };
      } catch (error) {
        return {
          content: `Cannot list ${displayPath(ctx.cwd, abs)}: ${messageOf(error)}`,
          isError: true,
        };
      }
    },
  });
}
