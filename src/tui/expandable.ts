/**
 * What Ctrl+O and /expand can print in full: each finished tool call's output (what the model was told),
 * each reasoning block too long to show whole, and the diff of each change asked for approval. The transcript is written once into the scrollback, so the
 * UI cannot unfold a line in place; it keeps the text here and prints it below when asked.
 *
 * Bounded so a long session stays small: the newest `maxEntries` entries and at most `maxBytes` of text in
 * all, the oldest evicted first. Shell output is already capped by the tool (head and tail, 30 KB) and names
 * the file holding all of it, so 50 entries rarely come near the byte bound.
 */

export interface ExpandableEntry {
  /** Increasing in the order entries were added. */
  id: number;
  /** `diff`: a change waiting for approval, kept whole (the prompt shows its first rows). */
  kind: "tool" | "reasoning" | "diff";
  /** What it belongs to, one line: `shell ls -la`, or `reasoning`. */
  title: string;
  text: string;
  /** The file holding a truncated shell call's full output, when the tool saved one. */
  fullOutputPath?: string;
}

export interface ExpandableStoreOptions {
  /** Entries kept, newest first. Default 50. */
  maxEntries?: number;
  /** UTF-8 bytes of text kept in all; a single larger text keeps its first `maxBytes`. Default 4 MiB. */
  maxBytes?: number;
}

export interface ExpandableStore {
  add(entry: Omit<ExpandableEntry, "id">): ExpandableEntry;
  /**
   * The walk back: the newest entry older than the one the walk returned last (the newest at first).
   * Undefined when none is left; the walk then starts again from the newest.
   */
  next(): ExpandableEntry | undefined;
  /** Starts the walk again from the newest (any key but Ctrl+O). */
  resetWalk(): void;
  /** The `n`-th newest entry (1 = newest), or undefined. */
  nth(n: number): ExpandableEntry | undefined;
  readonly size: number;
  readonly bytes: number;
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export const DEFAULT_MAX_ENTRIES = 50;
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

const CUT_NOTE = "\n[… cut: the UI keeps at most the first %s bytes of one output]";

export function createExpandableStore(options: ExpandableStoreOptions = {}): ExpandableStore {
  const maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const maxBytes = Math.max(1, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const entries: { entry: ExpandableEntry; bytes: number }[] = [];
  let total = 0;
  let nextId = 1;
  /** Id of the entry the walk returned last; Infinity = start from the newest. */
  let walkedTo = Number.POSITIVE_INFINITY;

  const evict = () => {
    while (entries.length > maxEntries || total > maxBytes) {
      const old = entries.shift();
      if (!old) break;
      total -= old.bytes;
    }
  };

  return {
    add(input) {
      let text = input.text;
      let bytes = Buffer.byteLength(text);
      if (bytes > maxBytes) {
        const note = CUT_NOTE.replace("%s", String(maxBytes));
        const room = Math.max(0, maxBytes - Buffer.byteLength(note));
        // A cut inside a multi-byte character decodes to U+FFFD; drop it.
        text =
          Buffer.from(text)
            .subarray(0, room)
            .toString("utf8")
            .replace(/\uFFFD$/, "") + note;
        bytes = Buffer.byteLength(text);
      }
      const entry: ExpandableEntry = { ...input, text, id: nextId++ };
      entries.push({ entry, bytes });
      total += bytes;
      evict();
      return entry;
    },
    next() {
      for (let i = entries.length - 1; i >= 0; i--) {
        const entry = entries[i]?.entry;
        if (entry && entry.id < walkedTo) {
          walkedTo = entry.id;
          return entry;
        }
      }
      walkedTo = Number.POSITIVE_INFINITY;
      return undefined;
    },
    resetWalk() {
      walkedTo = Number.POSITIVE_INFINITY;
    },
    nth(n) {
      return n >= 1 ? entries[entries.length - n]?.entry : undefined;
    },
    get size() {
      return entries.length;
    },
    get bytes() {
      return total;
    },
    maxEntries,
    maxBytes,
  };
}
