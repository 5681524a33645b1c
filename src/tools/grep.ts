/**
 * The grep tool: regex search over file contents, .gitignore honoured, hidden files included, `.git` skipped.
 * Uses ripgrep when installed, else a built-in walker with JavaScript RegExp (same output; the regex dialects
 * differ only at the edges: look-around works only in the fallback, `(?i)`-style flags only in rg).
 * Files come in path order, so results are stable across runs and backends.
 */

import { readFileSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { defineTool, type Tool, type ToolContext } from "../core/tool.ts";
import { messageOf } from "../util/message-of.ts";
import { quoteName } from "../util/quote-name.ts";
import { z } from "../util/zod.ts";
import { compileGlob } from "./glob.ts";
import { createGrepCollector, formatGrep, type GrepCollector } from "./grep-results.ts";
import { walk } from "./ignore-walk.ts";
import { JSON_SCHEMAS } from "./json-schemas.ts";
import { displayPath, resolvePath } from "./paths.ts";
import { pickBackend, RG_COMMON_FLAGS, runRipgrep, type SearchBackendOptions } from "./ripgrep.ts";

export interface GrepToolOptions extends SearchBackendOptions {
  /** Matching lines shown when the model does not say. Default 100. */
  maxResults?: number;
  /** Characters per line at most, the "…" of a cut line included. Default 300. */
  maxLineChars?: number;
  /** The built-in backend skips files larger than this. Default 16 MiB. */
  maxFileBytes?: number;
}

export interface GrepDetails {
  backend: "ripgrep" | "builtin";
  shown: number;
  total: number;
  total_exact: boolean;
  files: number;
}

const parameters = z.object({
  pattern: z.string().check(z.minLength(1), z.describe("Regular expression")),
  path: z.optional(z.string()).check(z.describe("File or folder; default the workspace")),
  glob: z.optional(z.string()).check(z.describe("Only files matching, e.g. *.ts or src/**/*.ts")),
  ignore_case: z.optional(z.boolean()),
  context: z.optional(z.int().check(z.gte(0), z.lte(20))).check(z.describe("Lines around each match")),
  max_results: z.optional(z.int().check(z.positive())).check(z.describe("Default 100")),
});

type GrepArgs = z.infer<typeof parameters>;

const BINARY_SNIFF_BYTES = 8_192;

export function createGrepTool(options: GrepToolOptions = {}): Tool<GrepArgs, GrepDetails> {
  return defineTool({
    name: "grep",
    description: "Search file contents by regex (respects .gitignore).",
    parameters,
    jsonSchema: JSON_SCHEMAS.grep,
    kind: "search",
    paths: (args, ctx) => ({ reads: [resolvePath(ctx.cwd, args.path)], writes: [] }),
    summarize: (args) =>
      `/${args.pattern}/${args.path ? ` in ${args.path}` : ""}${args.glob ? ` (${args.glob})` : ""}`,
    async execute(args, ctx) {
      const target = resolvePath(ctx.cwd, args.path);
      let isDir: boolean;
      try {
        isDir = (await stat(target)).isDirectory();
      } catch {
        return { content: `Path not found: ${args.path}. Use ls or find to locate it.`, isError: true };
      }
      const maxResults = args.max_results ?? options.maxResults ?? 100;
      const context = args.context ?? 0;
      const collector = createGrepCollector({
        maxResults,
        context,
        maxLineChars: options.maxLineChars ?? 300,
        countLimit: Math.max(1_000, maxResults * 10),
      });
      const backend = pickBackend(options);
      const failure =
        backend === "ripgrep"
          ? await grepRipgrep(args, target, isDir, ctx, collector, options.rgPath ?? "rg")
          : await grepBuiltin(args, target, isDir, ctx, collector, options.maxFileBytes ?? 16 * 1024 * 1024);
      const summary = collector.summary();
      const details: GrepDetails = {
        backend,
        shown: summary.shown,
        total: summary.total,
        total_exact: summary.totalExact,
        files: summary.filesWithMatches,
      };
      if (failure && summary.total === 0) return { content: failure, isError: true, details };
      let content = formatGrep(summary, args.pattern, displayPath(ctx.cwd, target));
      if (failure) content += `\n[search warning: ${failure}]`;
      return { content, details };
    },
  });
}

/** Returns an error message, or undefined on success. */
async function grepRipgrep(
  args: GrepArgs,
  target: string,
  isDir: boolean,
  ctx: ToolContext,
  collector: GrepCollector,
  rgPath: string,
): Promise<string | undefined> {
  // Run inside the searched folder so `glob` is relative to it, as in the built-in backend.
  const cwd = isDir ? target : dirname(target);
  const rgArgs = ["--json", ...RG_COMMON_FLAGS, "--sort", "path"];
  if (args.ignore_case) rgArgs.push("--ignore-case");
  if (args.context) rgArgs.push("--context", String(args.context));
  // rg's --glob would override .gitignore (a whitelisted file is searched even if ignored), so a glob is
  // applied as a file type (name-only globs: types never override ignores) and/or as a filter on the results.
  const glob = isDir && args.glob ? compileGlob(args.glob) : undefined;
  if (glob && args.glob && !args.glob.includes("/"))
    rgArgs.push("--type-add", `tandemglob:${args.glob}`, "--type", "tandemglob");
  rgArgs.push("--regexp", args.pattern);
  if (!isDir) rgArgs.push("--", basename(target));
  const run = await runRipgrep(rgPath, rgArgs, cwd, ctx.signal, (line) => {
    const event = parseRgEvent(line);
    if (!event) return undefined;
    if (glob && !glob.matches(event.path.replace(/^\.\//, ""))) return undefined;
    const path = quoteName(displayPath(ctx.cwd, resolve(cwd, event.path)));
    return collector.add(path, event.line, event.text, event.match);
  });
  if (ctx.signal.aborted) return "interrupted";
  if (run.code === 2) return run.stderr.split("\n").slice(0, 5).join("\n") || "ripgrep failed";
  return undefined;
}

interface RgLineEvent {
  path: string;
  line: number;
  text: string;
  match: boolean;
}

/** One `rg --json` line → a match or context line; other event types are ignored. */
function parseRgEvent(line: string): RgLineEvent | undefined {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof event !== "object" || event === null) return undefined;
  const { type, data } = event as { type?: unknown; data?: unknown };
  if ((type !== "match" && type !== "context") || typeof data !== "object" || data === null) return undefined;
  const d = data as { path?: RgText; lines?: RgText; line_number?: unknown };
  const path = rgText(d.path);
  const text = rgText(d.lines);
  if (path === undefined || text === undefined || typeof d.line_number !== "number") return undefined;
  return { path, line: d.line_number, text: text.replace(/\r?\n$/, ""), match: type === "match" };
}

/** rg gives `{text}` for UTF-8 and `{bytes}` (base64) otherwise. */
type RgText = { text?: string; bytes?: string } | undefined;
function rgText(value: RgText): string | undefined {
  if (value?.text !== undefined) return value.text;
  if (value?.bytes !== undefined) return Buffer.from(value.bytes, "base64").toString("utf8");
  return undefined;
}

async function grepBuiltin(
  args: GrepArgs,
  target: string,
  isDir: boolean,
  ctx: ToolContext,
  collector: GrepCollector,
  maxFileBytes: number,
): Promise<string | undefined> {
  let regex: RegExp;
  let prefilter: RegExp;
  try {
    regex = new RegExp(args.pattern, args.ignore_case ? "i" : "");
    prefilter = new RegExp(args.pattern, args.ignore_case ? "im" : "m");
  } catch (error) {
    return `invalid regular expression: ${messageOf(error)}`;
  }
  const glob = args.glob ? compileGlob(args.glob) : undefined;
  const context = args.context ?? 0;

  // Synchronous reads: far faster than a thread-pool round trip per small file; the walker yields to the
  // event loop every few milliseconds, so the process stays responsive.
  const searchFile = (absPath: string): "stop" | undefined => {
    let buf: Buffer;
    try {
      if (statSync(absPath).size > maxFileBytes) return undefined;
      buf = readFileSync(absPath);
    } catch {
      return undefined;
    }
    if (buf.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return undefined;
    const text = buf.toString("utf8");
    // Most files do not match: one pass over the whole text (multiline, so ^ and $ still mean line ends)
    // rules them out before splitting into lines.
    if (!prefilter.test(text)) return undefined;
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const hits: number[] = [];
    for (let i = 0; i < lines.length; i++) if (regex.test(lines[i] ?? "")) hits.push(i);
    if (hits.length === 0) return undefined;
    const path = quoteName(displayPath(ctx.cwd, absPath));
    const hitSet = new Set(hits);
    let next = 0; // first line not yet emitted
    for (const hit of hits) {
      const from = Math.max(next, hit - context);
      const to = Math.min(lines.length - 1, hit + context);
      for (let i = from; i <= to; i++) {
        if (i < next) continue;
        const text = (lines[i] ?? "").replace(/\r$/, "");
        if (collector.add(path, i + 1, text, hitSet.has(i)) === "stop") return "stop";
        next = i + 1;
      }
    }
    return undefined;
  };

  if (!isDir) {
    searchFile(target);
  } else {
    await walk({ root: target, signal: ctx.signal }, (entry) => {
      if (entry.kind !== "file") return undefined;
      if (glob && !glob.matches(entry.relPath)) return undefined;
      return searchFile(entry.absPath);
    });
  }
  return ctx.signal.aborted ? "interrupted" : undefined;
}
