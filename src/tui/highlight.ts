/**
 * Syntax highlighting for code blocks through cli-highlight, loaded on first use (it pulls in highlight.js,
 * which would cost start-up time for sessions that never show code). Until it is loaded, code renders plain.
 */
type Paint = (s: string) => string;
type Highlight = (
  code: string,
  options: { language?: string; ignoreIllegals?: boolean; theme?: Record<string, Paint> },
) => string;

const sgr =
  (open: string, close: string): Paint =>
  (s) =>
    `\x1b[${open}m${s}\x1b[${close}m`;
const blue = sgr("34", "39");
const cyan = sgr("36", "39");
const green = sgr("32", "39");
const red = sgr("31", "39");
const magenta = sgr("35", "39");
const yellow = sgr("33", "39");
const gray = sgr("90", "39");

/**
 * Our own theme: cli-highlight's default one paints through chalk, which decides by itself whether the
 * process's stdout takes colour; the UI decides that (NO_COLOR, a terminal) and only highlights when it does.
 */
const theme: Record<string, Paint> = {
  keyword: blue,
  built_in: cyan,
  type: cyan,
  literal: blue,
  number: green,
  regexp: red,
  string: red,
  class: blue,
  function: yellow,
  title: yellow,
  comment: gray,
  doctag: green,
  meta: gray,
  tag: gray,
  name: blue,
  attr: cyan,
  attribute: cyan,
  variable: magenta,
  addition: green,
  deletion: red,
};

let highlighter: Highlight | undefined;
let loading: Promise<void> | undefined;

/** Starts loading (once); resolves when highlighting is available or failed to load (then code stays plain). */
export function loadHighlighter(): Promise<void> {
  loading ??= import("cli-highlight").then(
    (m) => {
      highlighter = m.highlight as Highlight;
    },
    () => undefined,
  );
  return loading;
}

export function highlighterReady(): boolean {
  return highlighter !== undefined;
}

/** Highlighted code, or undefined when the highlighter is not loaded yet or does not know the language. */
export function highlightCode(code: string, language: string | undefined): string | undefined {
  if (!highlighter) return undefined;
  try {
    return highlighter(code, { ...(language ? { language } : {}), ignoreIllegals: true, theme });
  } catch {
    return undefined;
  }
}
