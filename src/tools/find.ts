/**
 * The find tool: files by glob, .gitignore honoured, hidden files included, `.git` skipped; most recently
 * modified first (what the model most likely wants). Uses `rg --files` when installed, else the built-in walker.
 */
import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { defineTool, type Tool } from "../core/tool.ts";
import { quoteName } from "../util/quote-name.ts";
import { z } from "../util/zod.ts";
import { compileGlob } from "./glob.ts";
import { walk } from "./ignore-walk.ts";
import { JSON_SCHEMAS } from "./json-schemas.ts";
import { displayPath, resolvePath } from "./paths.ts";
import { pickBackend, RG_COMMON_FLAGS, runRipgrep, type SearchBackendOptions } from "./ripgrep.ts";

export interface FindToolOptions extends SearchBackendOptions {
  /** Files shown when the model does not say. Default 200. */
  maxResults?: number;
}

export interface FindDetails {
  backend: "ripgrep" | "builtin";
  shown: number;
  total: number;
}

const parameters = z.object({
  pattern: z.string().check(z.minLength(1), z.describe("Glob, e.g. **/*.ts or *.md")),
  path: z.optional(z.string()).check(z.describe("Folder; default the workspace")),
  max_results: z.optional(z.int().check(z.positive())).check(z.describe("Default 200")),
});

const SLICE_MS = 15;

export function createFindTool(options: FindToolOptions = {}): Tool<z.infer<typeof parameters>, FindDetails> {
  return defineTool({
    name: "find",
    description: "Find files by glob, newest first (respects .gitignore).",
    parameters,
    jsonSchema: JSON_SCHEMAS.find,
    kind: "search",
    paths: (args, ctx) => ({ reads: [resolvePath(ctx.cwd, args.path)], writes: [] }),
    summarize: (args) => `${args.pattern}${args.path ? ` in ${args.path}` : ""}`,
    async execute(args, ctx) {
      const root = resolvePath(ctx.cwd, args.path);
      try {
        if (!(await stat(root)).isDirectory()) {
          return { content: `${args.path} is a file, not a folder. Use read to see it.`, isError: true };
        }
      } catch {
        return { content: `Folder not found: ${args.path}. Use ls to see what exists.`, isError: true };
      }
      const backend = pickBackend(options);
      const glob = compileGlob(args.pattern);
      const files: string[] = [];
      if (backend === "ripgrep") {
        // The glob is applied here, not with rg's --glob, which would override .gitignore for matching files.
        // NUL-separated: a name may hold a newline.
        const run = await runRipgrep(
          options.rgPath ?? "rg",
          ["--files", "--null", ...RG_COMMON_FLAGS],
          root,
          ctx.signal,
          (line) => {
            if (glob.matches(line.replace(/^\.\//, ""))) files.push(resolve(root, line));
            return undefined;
          },
          "\0",
        );
        if (run.code === 2 && files.length === 0) {
          return { content: `find failed: ${run.stderr || "ripgrep error"}`, isError: true };
        }
      } else {
        await walk({ root, signal: ctx.signal }, (entry) => {
          if (entry.kind === "file" && glob.matches(entry.relPath)) files.push(entry.absPath);
          return undefined;
        });
      }
      if (ctx.signal.aborted) return { content: "find was interrupted.", isError: true };

      const maxResults = args.max_results ?? options.maxResults ?? 200;
      const withTimes = await mtimes(files);
      withTimes.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const shown = withTimes.slice(0, maxResults).map((f) => quoteName(displayPath(ctx.cwd, f.path)));
      const details: FindDetails = { backend, shown: shown.length, total: withTimes.length };
      if (shown.length === 0) {
        return { content: `No files match ${args.pattern} in ${displayPath(ctx.cwd, root)}.`, details };
      }
      let content = shown.join("\n");
      if (withTimes.length > shown.length) {
        content += `\n\n[showing ${shown.length} of ${withTimes.length} files; narrow the pattern or path, or raise max_results]`;
      }
      return { content, details };
    },
  });
}

/**
 * Synchronous stats in slices of a few milliseconds, yielding to the event loop between them: many times
 * faster than async stats through the thread pool, without freezing the UI.
 */
async function mtimes(paths: string[]): Promise<{ path: string; mtimeMs: number }[]> {
  const out: { path: string; mtimeMs: number }[] = [];
  let sliceStart = performance.now();
  for (const path of paths) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    try {
      out.push({ path, mtimeMs: statSync(path).mtimeMs });
    } catch {
      // vanished since listed: drop
    }
  }
  return out;
}
