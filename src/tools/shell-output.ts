/**
 * Collects a command's combined stdout/stderr in arrival order. Small outputs stay in memory; past
 * `memoryLimit` bytes the whole output is spilled to a file and only a head and a rolling tail stay in memory,
 * so `yes` running until its timeout cannot exhaust memory.
 */
import { createWriteStream, renameSync, type WriteStream, writeFileSync } from "node:fs";
import { type CapOptions, capText } from "../core/truncate.ts";

export interface OutputCollectorOptions {
  /** Where the full output goes if it has to be saved. The file appears only once complete (renamed into place). */
  fullOutputPath: string;
  /** Bytes kept in memory before spilling to the file. Default 4 MiB. */
  memoryLimit?: number;
  /** Caps for the text the model sees. Default capText's (30 KB, 1,000 lines). */
  cap?: CapOptions;
}

export interface CollectedOutput {
  /** What the model sees: whole, or head and tail with what was omitted stated. */
  text: string;
  truncated: boolean;
  totalBytes: number;
  /** Set when truncated: the complete output. */
  fullOutputPath?: string;
}

export interface OutputCollector {
  push(text: string): void;
  finish(): Promise<CollectedOutput>;
}

const KEEP_WHEN_SPILLED = 64 * 1024;

export function createOutputCollector(options: OutputCollectorOptions): OutputCollector {
  const memoryLimit = options.memoryLimit ?? 4 * 1024 * 1024;
  const partialPath = `${options.fullOutputPath}.partial`;
  let chunks: string[] = [];
  let bytes = 0;
  let totalBytes = 0;
  let totalLines = 1;
  let spill: WriteStream | undefined;
  let head = "";
  let tail: string[] = [];
  let tailBytes = 0;

  const pushTail = (text: string) => {
    tail.push(text);
    tailBytes += Buffer.byteLength(text);
    while (tail.length > 1 && tailBytes - Buffer.byteLength(tail[0] ?? "") >= KEEP_WHEN_SPILLED) {
      tailBytes -= Buffer.byteLength(tail.shift() ?? "");
    }
  };

  return {
    push(text) {
      const size = Buffer.byteLength(text);
      totalBytes += size;
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) totalLines++;
      if (spill) {
        spill.write(text);
        pushTail(text);
        return;
      }
      chunks.push(text);
      bytes += size;
      if (bytes > memoryLimit) {
        const all = chunks.join("");
        spill = createWriteStream(partialPath);
        spill.write(all);
        head = all.slice(0, KEEP_WHEN_SPILLED);
        chunks = [];
        tail = [];
        tailBytes = 0;
        pushTail(all.slice(-KEEP_WHEN_SPILLED));
      }
    },

    async finish() {
      if (!spill) {
        const all = chunks.join("");
        const capped = capText(all, options.cap);
        if (!capped.truncated) return { text: all, truncated: false, totalBytes };
        writeFileSync(partialPath, all);
        renameSync(partialPath, options.fullOutputPath);
        return { text: capped.text, truncated: true, totalBytes, fullOutputPath: options.fullOutputPath };
      }
      const stream = spill;
      await new Promise<void>((resolve, reject) => {
        stream.once("error", reject);
        stream.end(resolve);
      });
      renameSync(partialPath, options.fullOutputPath);
      // Reuse capText on head and tail separately, then state the true totals (which capText cannot know).
      const budget = options.cap ?? {};
      const half = {
        maxBytes: Math.floor((budget.maxBytes ?? 30_000) / 2),
        maxLines: Math.floor((budget.maxLines ?? 1_000) / 2),
      };
      const headLines = head.split("\n").slice(0, -1); // drop the partial last line
      const tailLines = tail.join("").split("\n").slice(1); // drop the partial first line
      const headText = wholeLines(headLines, half.maxBytes, half.maxLines, false);
      const tailText = wholeLines(tailLines, half.maxBytes, half.maxLines, true);
      const keptLines = headText.lines + tailText.lines;
      const omittedBytes = totalBytes - Buffer.byteLength(headText.text) - Buffer.byteLength(tailText.text);
      const marker = `[… ${Math.max(0, totalLines - keptLines)} lines (${omittedBytes} bytes) omitted …]`;
      return {
        text: `${headText.text}\n${marker}\n${tailText.text}`,
        truncated: true,
        totalBytes,
        fullOutputPath: options.fullOutputPath,
      };
    },
  };
}

/** Whole lines from the start (or the end) within the byte and line budgets. */
function wholeLines(
  lines: string[],
  maxBytes: number,
  maxLines: number,
  fromEnd: boolean,
): { text: string; lines: number } {
  const kept: string[] = [];
  let size = 0;
  const order = fromEnd ? [...lines].reverse() : lines;
  for (const line of order) {
    const lineSize = Buffer.byteLength(line) + 1;
    if (kept.length >= maxLines || size + lineSize > maxBytes) break;
    kept.push(line);
    size += lineSize;
  }
  if (fromEnd) kept.reverse();
  return { text: kept.join("\n"), lines: kept.length };
}
