/**
 * Collects a command's combined stdout/stderr in arrival order. Small outputs stay in memory; past
 * `memoryLimit` bytes the whole output is spilled to a file and only a head and a rolling tail stay in memory,
 * so `yes` running until its timeout cannot exhaust memory.
 */

import { createWriteStream, renameSync, type WriteStream, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type CapOptions, capText } from "../core/truncate.ts";
import { makeDirSync } from "../util/make-dir.ts";
import { messageOf } from "../util/message-of.ts";

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
  /** Set when truncated but the full output could not be saved (disk full, unwritable dir): why. */
  saveError?: string;
}

export interface OutputCollector {
  /**
   * False when the full-output file is behind (its write buffer is full): pause the source until
   * {@link drained}, or a command printing faster than the disk writes piles its output up in memory.
   */
  push(text: string): boolean;
  /** Resolves when the file has caught up (at once when it is not behind, or was given up). */
  drained(): Promise<void>;
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
  let spillError: Error | undefined;
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
        pushTail(text);
        // Once the file is given up (disk full), head and tail are all that is kept: nothing to wait for.
        return spillError !== undefined || spill.write(text);
      }
      chunks.push(text);
      bytes += size;
      if (bytes > memoryLimit) {
        const all = chunks.join("");
        try {
          makeDirSync(dirname(partialPath));
        } catch {
          // reported through the stream's error below
        }
        spill = createWriteStream(partialPath);
        spill.on("error", (error) => {
          spillError ??= error; // keep collecting head and tail; the file is given up
        });
        head = all.slice(0, KEEP_WHEN_SPILLED);
        chunks = [];
        tail = [];
        tailBytes = 0;
        pushTail(all.slice(-KEEP_WHEN_SPILLED));
        return spill.write(all);
      }
      return true;
    },

    drained() {
      const stream = spill;
      if (!stream?.writableNeedDrain || spillError || stream.destroyed) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          stream.off("drain", done);
          stream.off("error", done);
          stream.off("close", done);
          resolve();
        };
        stream.on("drain", done);
        stream.on("error", done);
        stream.on("close", done);
      });
    },

    async finish() {
      if (!spill) {
        const all = chunks.join("");
        const capped = capText(all, options.cap);
        if (!capped.truncated) return { text: all, truncated: false, totalBytes };
        try {
          makeDirSync(dirname(partialPath));
          writeFileSync(partialPath, all);
          renameSync(partialPath, options.fullOutputPath);
        } catch (error) {
          return { text: capped.text, truncated: true, totalBytes, saveError: messageOf(error) };
        }
        return { text: capped.text, truncated: true, totalBytes, fullOutputPath: options.fullOutputPath };
      }
      const stream = spill;
      await new Promise<void>((resolve) => {
        if (spillError || stream.destroyed) resolve();
        else stream.end(() => resolve());
        stream.once("error", () => resolve());
      });
      let saved: { fullOutputPath?: string; saveError?: string } = { fullOutputPath: options.fullOutputPath };
      try {
        if (spillError) throw spillError;
        renameSync(partialPath, options.fullOutputPath);
      } catch (error) {
        saved = { saveError: messageOf(error) };
      }
      // capText cannot cap what is no longer in memory: keep whole lines of head and tail the same way, and
      // state the true totals.
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
        ...saved,
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
