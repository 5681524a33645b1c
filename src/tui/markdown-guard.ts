/**
 * Markdown a model can send that would stall or crash the renderer: marked's lexer takes cubic time on
 * deeply nested lists (1,000 levels: ~10 s, on every frame while it streams) and nesting thousands of
 * quotes overflowed the stack of our renderer (an exception in a frame stops the UI). Outside code fences,
 * leading indentation and quote markers are clamped to a depth no real answer needs; what is deeper renders
 * at that depth. Fenced code is left as it is.
 */

/** Columns of leading whitespace kept on a line outside a fence (a list 12 levels deep at 2 spaces). */
export const MAX_INDENT = 24;
/** `>` markers kept at the start of a line. */
export const MAX_QUOTE_DEPTH = 16;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A run of quote markers (each `>` with the spaces after it) at the start of a line. */
const QUOTES = /^(?: {0,3}> ?)+/;

/** `text` with nesting clamped outside code fences (see above); unchanged when nothing is that deep. */
export function clampNesting(text: string): string {
  if (!/^(?:[ \t]{25,}|(?: {0,3}> ?){17,})/m.test(text)) return text;
  let fence: string | undefined;
  return text
    .split("\n")
    .map((line) => {
      if (fence) {
        const trimmed = line.trim();
        if (trimmed.startsWith(fence) && /^(`+|~+)$/.test(trimmed)) fence = undefined;
        return line;
      }
      const open = FENCE.exec(line)?.[1];
      if (open) {
        fence = open;
        return line;
      }
      let out = line;
      const quotes = QUOTES.exec(out)?.[0];
      if (quotes && (quotes.match(/>/g)?.length ?? 0) > MAX_QUOTE_DEPTH)
        out = `${"> ".repeat(MAX_QUOTE_DEPTH)}${out.slice(quotes.length)}`;
      const indent = /^[ \t]*/.exec(out)?.[0] ?? "";
      const columns = indent.replace(/\t/g, "    ").length;
      if (columns > MAX_INDENT) out = " ".repeat(MAX_INDENT) + out.slice(indent.length);
      return out;
    })
    .join("\n");
}
