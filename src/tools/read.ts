/**
 * The read tool: a text file with line numbers (`12\ttext`), from `offset` (1-based) for `limit` lines, capped
 * per line and in bytes with a note saying how to read on. A folder is answered with its listing; a binary file
 * is refused; a missing file gets close names from its folder, told apart from one tandem may not read
 * (permission denied: the file exists, asking again will not help). Every successful read reports the full content
 * through `onRead`, so edit tools can tell later whether the user changed the file since.
 */
import { createReadStream } from "node:fs";
import { open, readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, extname } from "node:path";
import { createInterface } from "node:readline";
import { defineTool, type Tool } from "../core/tool.ts";
import { editDistance } from "../util/edit-distance.ts";
import { messageOf } from "../util/message-of.ts";
import { z } from "../util/zod.ts";
import { JSON_SCHEMAS } from "./json-schemas.ts";
import { listDirectory } from "./ls.ts";
import { displayPath, resolvePath } from "./paths.ts";

export interface ReadToolOptions {
  /** Called after a text file is read, with its absolute path and full content. Not called for files over `maxWholeFileBytes`. */
  onRead?: (absPath: string, content: string) => void;
  /** Lines returned when the model gives no `limit`. Default 2_000. */
  defaultLimit?: number;
  /** Characters kept per line. Default 2_000. */
  maxLineChars?: number;
  /** Bytes of file text returned per call. Default 50_000. */
  maxBytes?: number;
  /** Larger files are streamed for the asked window only (and `onRead` is not called). Default 16 MiB. */
  maxWholeFileBytes?: number;
}

export interface ReadDetails {
  path: string;
  kind: "file" | "folder";
  /** First and last line shown (1-based); 0 when none. */
  start_line: number;
  end_line: number;
  /** Lines in the file; undefined when a large file was streamed and not counted to the end. */
  total_lines?: number;
  truncated: boolean;
}

const parameters = z.object({
  path: z.string().check(z.minLength(1)),
  offset: z.optional(z.int().check(z.positive())).check(z.describe("First line, 1-based")),
  limit: z.optional(z.int().check(z.positive())).check(z.describe("Lines; default 2000")),
});

const BINARY_EXTENSIONS = new Set(
  (
    "png jpg jpeg gif bmp ico webp tiff psd pdf zip gz tgz bz2 xz zst 7z rar tar jar war class exe dll so dylib " +
    "o a lib obj wasm pyc pyo mp3 mp4 m4a wav ogg flac mov avi mkv webm woff woff2 ttf otf eot sqlite db bin dat"
  ).split(" "),
);

export function createReadTool(options: ReadToolOptions = {}): Tool<z.infer<typeof parameters>, ReadDetails> {
  const maxLineChars = options.maxLineChars ?? 2_000;
  const maxBytes = options.maxBytes ?? 50_000;
  const maxWhole = options.maxWholeFileBytes ?? 16 * 1024 * 1024;

  return defineTool({
    name: "read",
    description: "Read a text file with line numbers; use offset/limit for long files.",
    parameters,
    jsonSchema: JSON_SCHEMAS.read,
    kind: "read",
    paths: (args, ctx) => ({ reads: [resolvePath(ctx.cwd, args.path)], writes: [] }),
    guidelines: "Read files with read, not cat or sed.",
    summarize: (args) => args.path,
    async execute(args, ctx) {
      const abs = resolvePath(ctx.cwd, args.path);
      const shown = displayPath(ctx.cwd, abs);
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(abs);
      } catch (error) {
        const code = errorCode(error);
        if (code === "EACCES" || code === "EPERM")
          return unreadable(`tandem may not look into a folder on the path to ${shown} (${code})`);
        if (code === "ENOTDIR")
          return {
            content: `File not found: ${shown} (a part of the path is a file, not a folder). Use find or ls to locate it.`,
            isError: true,
          };
        if (code !== "ENOENT") return { content: `Cannot read ${shown}: ${messageOf(error)}`, isError: true };
        const near = await closeNames(abs);
        const hint = near.length > 0 ? ` Did you mean: ${near.join(", ")}?` : " Use find or ls to locate it.";
        return { content: `File not found: ${shown}.${hint}`, isError: true };
      }
      if (info.isDirectory()) {
        let listing: Awaited<ReturnType<typeof listDirectory>>;
        try {
          listing = await listDirectory(abs);
        } catch (error) {
          return deniedOr(error, `${shown} is a folder tandem may not list`, shown);
        }
        return {
          content: `${shown} is a folder. Its entries:\n${listing.text}`,
          details: {
            path: abs,
            kind: "folder",
            start_line: 0,
            end_line: 0,
            truncated: listing.shown < listing.total,
          },
        };
      }
      if (!info.isFile()) {
        return {
          content: `${shown} is not a regular file (a device, socket or pipe); read refuses it.`,
          isError: true,
        };
      }
      let binary: boolean;
      try {
        // The first open of the file: where a file tandem may not read shows.
        binary = BINARY_EXTENSIONS.has(extname(abs).slice(1).toLowerCase()) || (await hasNulByte(abs));
      } catch (error) {
        return deniedOr(error, `${shown} exists but tandem may not read it`, shown);
      }
      if (binary) {
        return {
          content: `${shown} is a binary file (${info.size} bytes); read shows text only. Inspect it with shell (e.g. file, xxd | head) if needed.`,
          isError: true,
        };
      }

      const offset = args.offset ?? 1;
      const limit = args.limit ?? options.defaultLimit ?? 2_000;
      let window: string[];
      let totalLines: number | undefined;
      if (info.size <= maxWhole) {
        const content = await readFile(abs, "utf8");
        options.onRead?.(abs, content);
        const lines = splitLines(content);
        totalLines = lines.length;
        window = lines.slice(offset - 1, offset - 1 + limit);
      } else {
        window = await streamWindow(abs, offset, limit);
      }
      if (totalLines === 0) {
        return { content: `${shown} is empty.`, details: details(abs, 0, 0, 0, false) };
      }
      if (window.length === 0) {
        const total = totalLines === undefined ? "" : ` (${totalLines} lines)`;
        return { content: `offset ${offset} is past the end of ${shown}${total}.`, isError: true };
      }

      const out: string[] = [];
      let bytes = 0;
      for (let i = 0; i < window.length; i++) {
        let text = window[i] ?? "";
        if (text.length > maxLineChars) {
          text = `${text.slice(0, maxLineChars)}… [line cut: ${text.length} chars]`;
        }
        const line = `${offset + i}\t${text}`;
        const size = Buffer.byteLength(line) + 1;
        if (out.length > 0 && bytes + size > maxBytes) break;
        out.push(line);
        bytes += size;
      }
      const endLine = offset + out.length - 1;
      const more =
        totalLines === undefined ? out.length === limit || out.length < window.length : endLine < totalLines;
      let content = out.join("\n");
      if (more) {
        const of = totalLines === undefined ? "" : ` of ${totalLines}`;
        content += `\n\n[lines ${offset}-${endLine}${of} shown; continue with offset=${endLine + 1}]`;
      }
      return { content, details: details(abs, offset, endLine, totalLines, more) };
    },
  });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** A permission error: said as such, so the model neither hunts for a "missing" file nor retries. */
function unreadable(what: string): { content: string; isError: true } {
  return {
    content: `Permission denied: ${what}. Reading it again will fail the same way; if you need it, ask the user to make it readable.`,
    isError: true,
  };
}

/** `unreadable(what)` for EACCES/EPERM (with the code), else the error's own message. */
function deniedOr(error: unknown, what: string, shown: string): { content: string; isError: true } {
  const code = errorCode(error);
  if (code === "EACCES" || code === "EPERM") return unreadable(`${what} (${code})`);
  return { content: `Cannot read ${shown}: ${messageOf(error)}`, isError: true };
}

function details(
  path: string,
  startLine: number,
  endLine: number,
  totalLines: number | undefined,
  truncated: boolean,
): ReadDetails {
  return { path, kind: "file", start_line: startLine, end_line: endLine, total_lines: totalLines, truncated };
}

/** Lines without their terminators; a final newline does not start an extra empty line. */
function splitLines(content: string): string[] {
  if (content === "") return [];
  const lines = content.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

async function hasNulByte(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(8_192);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

/** Reads only lines [offset, offset+limit) of a file too large to load whole. */
async function streamWindow(path: string, offset: number, limit: number): Promise<string[]> {
  const stream = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const out: string[] = [];
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (n < offset) continue;
      out.push(line);
      if (out.length >= limit) break;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return out;
}

/** Up to 5 names in the missing file's folder that look like what was asked for. */
async function closeNames(abs: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dirname(abs));
  } catch {
    return [];
  }
  const want = basename(abs).toLowerCase();
  const stem = want.replace(/\.[^.]*$/, "");
  return names
    .filter((name) => {
      const n = name.toLowerCase();
      return n === want || (stem.length >= 3 && n.includes(stem)) || editDistance(n, want) <= 2;
    })
    .slice(0, 5);
}
