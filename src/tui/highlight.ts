/**
 * Syntax highlighting for code blocks through cli-highlight, loaded on first use (it pulls in highlight.js,
 * which would cost start-up time for sessions that never show code). Until it is loaded, code renders plain.
 */
import type { Theme } from "./theme.ts";

type Paint = (s: string) => string;
type Highlight = (
  code: string,
  options: { language?: string; ignoreIllegals?: boolean; theme?: Record<string, Paint> },
) => string;

const sgr =
  (open: string): Paint =>
  (s) =>
    `\x1b[${open}m${s}\x1b[39m`;

/** One theme from a colour per role, so both backgrounds share the token → role mapping. */
function themeFrom(
  c: Record<"keyword" | "type" | "number" | "string" | "title" | "comment" | "variable", string>,
) {
  const [keyword, type, number, string, title, comment, variable] = [
    c.keyword,
    c.type,
    c.number,
    c.string,
    c.title,
    c.comment,
    c.variable,
  ].map(sgr) as [Paint, Paint, Paint, Paint, Paint, Paint, Paint];
  return {
    keyword,
    built_in: type,
    type,
    literal: keyword,
    number,
    regexp: string,
    string,
    class: keyword,
    function: title,
    title,
    comment,
    doctag: number,
    meta: comment,
    tag: comment,
    name: keyword,
    attr: type,
    attribute: type,
    variable,
    addition: number,
    deletion: string,
  } satisfies Record<string, Paint>;
}

/**
 * Our own themes: cli-highlight's default one paints through chalk, which decides by itself whether the
 * process's stdout takes colour; the UI decides that (NO_COLOR, a terminal) and only highlights when it does.
 * Dark backgrounds get the basic colours (the user's scheme applies); light ones fixed darker 256-colour
 * shades, as basic yellow, cyan and green are hard to read on white.
 */
export const CODE_THEMES: Record<Theme, Record<string, Paint>> = {
  dark: themeFrom({
    keyword: "34",
    type: "36",
    number: "32",
    string: "31",
    title: "33",
    comment: "90",
    variable: "35",
  }),
  light: themeFrom({
    keyword: "38;5;25",
    type: "38;5;30",
    number: "38;5;28",
    string: "38;5;124",
    title: "38;5;130",
    comment: "38;5;243",
    variable: "38;5;90",
  }),
};

let highlighter: Highlight | undefined;
/** Whether highlight.js knows a language name (or alias). */
let knows: (language: string) => boolean = () => false;
let loading: Promise<void> | undefined;

/** Starts loading (once); resolves when highlighting is available or failed to load (then code stays plain). */
export function loadHighlighter(): Promise<void> {
  loading ??= import("cli-highlight").then(
    (m) => {
      highlighter = m.highlight as Highlight;
      knows = m.supportsLanguage;
    },
    () => undefined,
  );
  return loading;
}

export function highlighterReady(): boolean {
  return highlighter !== undefined;
}

/**
 * Recently highlighted blocks. A streaming answer is re-rendered every frame (up to 60 a second) and its
 * finished code blocks do not change, but cli-highlight (highlight.js → HTML → parse5) costs ~1 ms per
 * short block: uncached, it took over half the UI's CPU at 1,000 tokens/s (bench/tui-stream.ts).
 * Oldest entry dropped past `HIGHLIGHT_CACHE_SIZE` and blocks over 20,000 characters not kept, so memory
 * stays bounded (a few MB at most) over a long session.
 */
const HIGHLIGHT_CACHE_SIZE = 256;
const highlighted = new Map<string, string | undefined>();

/** Highlighted code, or undefined when the highlighter is not loaded yet or does not know the language. */
export function highlightCode(
  code: string,
  language: string | undefined,
  background: Theme = "dark",
): string | undefined {
  // highlight.js writes "Could not find the language …" to stderr before it throws: under the UI that line
  // lands on the terminal and shifts the live part down a row, leaving its top row (the `─── p` header of a
  // language tag still streaming in) behind in the scrollback. Unknown languages are not handed to it.
  if (!highlighter || (language !== undefined && !knows(language))) return undefined;
  const key = `${background}\0${language ?? ""}\0${code}`;
  if (highlighted.has(key)) return highlighted.get(key);
  let result: string | undefined;
  try {
    result = highlighter(code, {
      ...(language ? { language } : {}),
      ignoreIllegals: true,
      theme: CODE_THEMES[background],
    });
  } catch {
    result = undefined;
  }
  // Big blocks are highlighted once, when committed; keeping them would hold megabytes for nothing.
  if (code.length > 20_000) return result;
  highlighted.set(key, result);
  if (highlighted.size > HIGHLIGHT_CACHE_SIZE) highlighted.delete(highlighted.keys().next().value as string);
  return result;
}
