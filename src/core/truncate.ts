import { clip } from "../util/clip.ts";
/**
 * Caps text for the model, keeping the head and the tail (where errors and summaries usually are) and stating
 * what was left out, so the model knows the output is partial and can ask for more.
 */

export interface CapOptions {
  /** Maximum bytes (UTF-8) kept. Default 30_000 (~8k tokens). */
  maxBytes?: number;
  /** Maximum lines kept. Default 1_000. */
  maxLines?: number;
  /** Share of the budget given to the head; the rest goes to the tail. Default 0.5. */
  headShare?: number;
}

export interface CappedText {
  text: string;
  truncated: boolean;
  omittedLines: number;
  omittedBytes: number;
}

const DEFAULT_MAX_BYTES = 30_000;
const DEFAULT_MAX_LINES = 1_000;

/** Keeps whole lines from the head and tail; a single overlong line is cut by bytes. */
export function capText(text: string, options: CapOptions = {}): CappedText {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
  const headShare = options.headShare ?? 0.5;
  const totalBytes = Buffer.byteLength(text);
  const lines = text.split("\n");
  if (totalBytes <= maxBytes && lines.length <= maxLines) {
    return { text, truncated: false, omittedLines: 0, omittedBytes: 0 };
  }

  const headBytesBudget = Math.floor(maxBytes * headShare);
  const tailBytesBudget = maxBytes - headBytesBudget;
  const headLinesBudget = Math.floor(maxLines * headShare);
  const tailLinesBudget = maxLines - headLinesBudget;

  const head: string[] = [];
  let headBytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (head.length >= headLinesBudget || headBytes + size > headBytesBudget) break;
    head.push(line);
    headBytes += size;
  }
  const tail: string[] = [];
  let tailBytes = 0;
  for (let i = lines.length - 1; i >= head.length; i--) {
    const line = lines[i] ?? "";
    const size = Buffer.byteLength(line) + 1;
    if (tail.length >= tailLinesBudget || tailBytes + size > tailBytesBudget) break;
    tail.unshift(line);
    tailBytes += size;
  }

  // One giant line (minified file, binary-ish output): keep byte slices of it instead of nothing.
  if (head.length === 0 && tail.length === 0) {
    const buf = Buffer.from(text);
    const headPart = buf.subarray(0, headBytesBudget).toString("utf8");
    const tailPart = buf.subarray(buf.length - tailBytesBudget).toString("utf8");
    const omittedBytes = totalBytes - headBytesBudget - tailBytesBudget;
    return {
      text: `${headPart}\n[… ${omittedBytes} bytes omitted …]\n${tailPart}`,
      truncated: true,
      omittedLines: 0,
      omittedBytes,
    };
  }

  const omittedLines = lines.length - head.length - tail.length;
  const omittedBytes = Math.max(0, totalBytes - headBytes - tailBytes);
  const marker = `[… ${omittedLines} lines (${omittedBytes} bytes) omitted …]`;
  return {
    text: [...head, marker, ...tail].join("\n"),
    truncated: true,
    omittedLines,
    omittedBytes,
  };
}

/**
 * Bounds a unified diff carried in an event for display: at most `maxLines` lines (default 500, what the UI
 * expands at most) of at most `maxChars` characters each (default 500; a minified line is cut, the UI cuts
 * to its width anyway). A cut is said in a final `\ …` line, a diff's note line, so renderers keep it.
 */
export function capDiff(diff: string, maxLines = 500, maxChars = 500): string {
  const lines = diff.replace(/\n$/, "").split("\n");
  const kept = lines.slice(0, maxLines).map((l) => clip(l, maxChars));
  const more = lines.length - kept.length;
  return more > 0
    ? [...kept, `\\ … ${more} more diff line${more === 1 ? "" : "s"} not shown`].join("\n")
    : kept.join("\n");
}
