/**
 * User-perceived characters (grapheme clusters) around a position in a string, for the composer's cursor:
 * an emoji is two UTF-16 units, a flag or a family emoji (ZWJ sequence) several code points, and `é` may be
 * `e` plus a combining accent. Moving or deleting by code unit splits them and leaves half a character on
 * screen. Only a window around the position is segmented, so a long text costs no more than a short one.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/** Code units looked at on each side; longer clusters than this (none in practice) are split. */
const WINDOW = 64;

/** Length of the cluster that ends at `at` (0 at the start). */
export function clusterBefore(text: string, at: number): number {
  if (at <= 0) return 0;
  const start = Math.max(0, at - WINDOW);
  let last = 0;
  for (const { segment } of segmenter.segment(text.slice(start, at))) last = segment.length;
  return last;
}

/** Length of the cluster that starts at `at` (0 at the end). */
export function clusterAfter(text: string, at: number): number {
  if (at >= text.length) return 0;
  for (const { segment } of segmenter.segment(text.slice(at, at + WINDOW))) return segment.length;
  return 0;
}

/**
 * The offset in `line` (no newline) of the cluster at screen column `column` (the cluster covering it, or the
 * line's end when it is shorter), so Up/Down keep the cursor under the same column across wide characters.
 */
export function offsetAtColumn(line: string, column: number, width: (cluster: string) => number): number {
  let col = 0;
  for (const { index, segment } of segmenter.segment(line)) {
    const w = width(segment);
    if (col + w > column) return index;
    col += w;
  }
  return line.length;
}
