import { messageOf } from "../../util/message-of.ts";
/**
 * Parser for the Codex patch format (as in openai/codex codex-rs/apply-patch):
 *
 *   *** Begin Patch
 *   *** Add File: path          then lines "+text"
 *   *** Delete File: path
 *   *** Update File: path       optionally "*** Move to: new/path", then chunks:
 *   @@ [anchor line]            lines " ctx", "-old", "+new"; optional "*** End of File"
 *   *** End Patch
 *
 * Lenient like Codex: whitespace around markers, a heredoc wrapper (`<<'EOF'` … `EOF`), a first chunk without
 * `@@`, and blank lines read as empty context lines. Also accepts a missing Begin or End marker when the rest
 * is unambiguous (models drop them), git-style `@@ -a,b +c,d @@` headers and `\ No newline` lines. Parsing
 * never touches the filesystem.
 */

export interface UpdateChunk {
  /** The `@@ <anchor>` line: the chunk's lines come after the first line matching it. */
  anchor?: string;
  oldLines: string[];
  newLines: string[];
  /** Per new line: the index in `oldLines` of the same context line, or -1 for an added line. */
  newFromOld: number[];
  /** `*** End of File`: the old lines end the file. */
  endOfFile: boolean;
  /** 1-based line in the patch text where the chunk starts (for errors). */
  patchLine: number;
}

export type FileHunk =
  | { type: "add"; path: string; contents: string; patchLine: number }
  | { type: "delete"; path: string; patchLine: number }
  | { type: "update"; path: string; moveTo?: string; chunks: UpdateChunk[]; patchLine: number };

export type ParseResult = { ok: true; hunks: FileHunk[] } | { ok: false; error: string };

const BEGIN = "*** Begin Patch";
const END = "*** End Patch";
const ADD = "*** Add File: ";
const DELETE = "*** Delete File: ";
const UPDATE = "*** Update File: ";
const MOVE = "*** Move to: ";
const EOF_MARK = "*** End of File";

class PatchSyntaxError extends Error {
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
  }
}

export function parsePatch(patch: string): ParseResult {
  const bounded = findBody(patch.trim().split(/\r?\n/));
  if (typeof bounded === "string") return { ok: false, error: `Invalid patch: ${bounded}` };
  const { lines, firstLine } = bounded;
  const hunks: FileHunk[] = [];
  try {
    let i = 0;
    while (i < lines.length) {
      if ((lines[i] ?? "").trim() === "") {
        i++;
        continue;
      }
      const [hunk, used] = parseFileHunk(lines, i, firstLine);
      hunks.push(hunk);
      i += used;
    }
  } catch (error) {
    return { ok: false, error: `Invalid patch, ${messageOf(error)}` };
  }
  if (hunks.length === 0) return { ok: false, error: "Invalid patch: it changes no files." };
  return { ok: true, hunks };
}

/** Strips the Begin/End markers (and a heredoc wrapper); returns the body lines or why there are none. */
function findBody(all: string[]): { lines: string[]; firstLine: number } | string {
  let lines = all;
  let offset = 1;
  const heredoc = /^(?:\S+\s+)?<<-?\s*(['"]?)(\w+)\1\s*$/.exec((lines[0] ?? "").trim());
  if (heredoc && lines.length >= 3 && (lines[lines.length - 1] ?? "").trim().endsWith(heredoc[2] ?? "EOF")) {
    lines = lines.slice(1, -1);
    offset = 2;
  }
  const first = (lines[0] ?? "").trim();
  if (first === BEGIN) {
    lines = lines.slice(1);
    offset++;
  } else if (!isFileHeader(first)) {
    return `the first line must be '${BEGIN}' (got '${first.slice(0, 80)}').`;
  }
  // Anything after the End marker (a model's closing remark) is not part of the patch.
  const end = lines.findIndex((line) => line.trim() === END);
  if (end !== -1) lines = lines.slice(0, end);
  return { lines, firstLine: offset };
}

function isFileHeader(line: string): boolean {
  return line.startsWith(ADD) || line.startsWith(DELETE) || line.startsWith(UPDATE);
}

function parseFileHunk(lines: string[], start: number, firstLine: number): [FileHunk, number] {
  const lineNo = start + firstLine;
  const header = (lines[start] ?? "").trim();
  if (header.startsWith(ADD)) {
    const path = header.slice(ADD.length).trim();
    let contents = "";
    let i = start + 1;
    while (i < lines.length && (lines[i] ?? "").startsWith("+")) {
      contents += `${(lines[i] ?? "").slice(1)}\n`;
      i++;
    }
    return [{ type: "add", path, contents, patchLine: lineNo }, i - start];
  }
  if (header.startsWith(DELETE)) {
    return [{ type: "delete", path: header.slice(DELETE.length).trim(), patchLine: lineNo }, 1];
  }
  if (header.startsWith(UPDATE)) {
    const path = header.slice(UPDATE.length).trim();
    let i = start + 1;
    let moveTo: string | undefined;
    if ((lines[i] ?? "").trim().startsWith(MOVE)) {
      moveTo = (lines[i] ?? "").trim().slice(MOVE.length).trim();
      i++;
    }
    const chunks: UpdateChunk[] = [];
    while (i < lines.length) {
      const line = lines[i] ?? "";
      if (line.trim() === "") {
        i++;
        continue;
      }
      if (line.startsWith("*")) break;
      const [chunk, used] = parseChunk(lines, i, firstLine, chunks.length === 0);
      chunks.push(chunk);
      i += used;
    }
    // A bare rename (Move to, no changes) is allowed; an update that changes nothing is a mistake.
    if (chunks.length === 0 && moveTo === undefined)
      throw new PatchSyntaxError(`'*** Update File: ${path}' has no changes.`, lineNo);
    return [{ type: "update", path, ...(moveTo ? { moveTo } : {}), chunks, patchLine: lineNo }, i - start];
  }
  throw new PatchSyntaxError(
    `'${header.slice(0, 80)}' is not a valid file header. Use '*** Add File: p', '*** Delete File: p' or '*** Update File: p'.`,
    lineNo,
  );
}

function parseChunk(
  lines: string[],
  start: number,
  firstLine: number,
  isFirst: boolean,
): [UpdateChunk, number] {
  const lineNo = start + firstLine;
  const head = (lines[start] ?? "").trimEnd();
  let anchor: string | undefined;
  let i = start;
  if (head === "@@") i++;
  else if (head.startsWith("@@ ")) {
    // Git-style line numbers (`@@ -12,3 +12,4 @@ fn x`) are dropped: only the text after them anchors.
    anchor = head
      .slice(3)
      .replace(/^-\d+(?:,\d+)? \+\d+(?:,\d+)? @@/, "")
      .trim();
    if (anchor === "") anchor = undefined;
    i++;
  } else if (!isFirst) {
    throw new PatchSyntaxError(
      `expected a '@@' line to start the next change, got '${head.slice(0, 80)}'.`,
      lineNo,
    );
  }
  const chunk: UpdateChunk = {
    oldLines: [],
    newLines: [],
    newFromOld: [],
    endOfFile: false,
    patchLine: lineNo,
  };
  if (anchor !== undefined) chunk.anchor = anchor;
  let body = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === EOF_MARK) {
      if (body === 0)
        throw new PatchSyntaxError("'*** End of File' ends a change with no lines.", i + firstLine);
      chunk.endOfFile = true;
      i++;
      break;
    }
    // Git's "\ No newline at end of file" carries nothing here: the result always ends with a newline.
    if (line.startsWith("\\ ")) continue;
    const sign = line[0];
    if (line === "") {
      // Blank lines between changes or files separate them; inside a change they are empty context.
      if (endsChange(lines, i)) break;
      chunk.newFromOld.push(chunk.oldLines.length);
      chunk.oldLines.push("");
      chunk.newLines.push("");
    } else if (sign === " ") {
      chunk.newFromOld.push(chunk.oldLines.length);
      chunk.oldLines.push(line.slice(1));
      chunk.newLines.push(line.slice(1));
    } else if (sign === "-") chunk.oldLines.push(line.slice(1));
    else if (sign === "+") {
      chunk.newFromOld.push(-1);
      chunk.newLines.push(line.slice(1));
    } else if (body === 0) {
      throw new PatchSyntaxError(
        `unexpected line '${line.slice(0, 80)}' in a change: lines start with ' ' (context), '-' (remove) or '+' (add).`,
        i + firstLine,
      );
    } else break;
    body++;
  }
  if (body === 0) throw new PatchSyntaxError("a '@@' change has no lines.", lineNo);
  return [chunk, i - start];
}

/** True when only blank lines follow `i` before a line that is not part of a change (or the end). */
function endsChange(lines: string[], i: number): boolean {
  let j = i;
  while (j < lines.length && (lines[j] ?? "") === "") j++;
  const next = lines[j];
  if (next === undefined) return true;
  return !(next.startsWith(" ") || next.startsWith("-") || next.startsWith("+") || next.trim() === EOF_MARK);
}
