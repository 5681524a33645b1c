/**
 * Markdown to terminal rows: marked's lexer for structure, our own styling. Headings bold, emphasis italic,
 * inline code and links coloured, code blocks indented and highlighted (when the highlighter is loaded),
 * lists with bullets or numbers, quotes with a bar. Output rows are wrapped to `width`.
 */
import { createRequire } from "node:module";
import type { Token, Tokens } from "marked";
import { highlightCode, loadHighlighter } from "./highlight.ts";
import { inertText } from "./inert-text.ts";
import { clampNesting } from "./markdown-guard.ts";
import type { Style } from "./style.ts";
import { visibleWidth, wrapLine } from "./text-width.ts";

type Marked = Pick<typeof import("marked"), "Lexer">;

/**
 * marked loads after the UI's first frame (screen.ts calls `loadMarkdown`), not on the start-up path, and
 * frames that render Markdown wait for it. A caller that renders before that (a unit test) loads it
 * synchronously on first use instead (require of an ES module: Node 20.19+, 22.12+).
 */
let marked: Marked | undefined;
let loading: Promise<void> | undefined;
let settled = false;

/** Starts loading marked (once). Resolves when it is loaded, or failed to (rendering then throws why). */
export function loadMarkdown(): Promise<void> {
  loading ??= import("marked")
    .then(
      (m) => {
        marked = m;
      },
      () => undefined,
    )
    .then(() => {
      settled = true;
    });
  return loading;
}

/** True once `loadMarkdown` has settled, so rendering will not wait or load anything. */
export function markdownReady(): boolean {
  return settled || marked !== undefined;
}

export interface MarkdownOptions {
  width: number;
  style: Style;
}

const entities: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};
const decode = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (m) => entities[m] ?? m);

function inline(tokens: Token[] | undefined, s: Style): string {
  if (!tokens) return "";
  let out = "";
  for (const t of tokens) {
    switch (t.type) {
      case "strong":
        out += s.bold(inline((t as Tokens.Strong).tokens, s));
        break;
      case "em":
        out += s.italic(inline((t as Tokens.Em).tokens, s));
        break;
      case "del":
        out += s.strike(inline((t as Tokens.Del).tokens, s));
        break;
      case "codespan":
        out += s.color
          ? s.cyan(decode((t as Tokens.Codespan).text))
          : `\`${decode((t as Tokens.Codespan).text)}\``;
        break;
      case "link": {
        const link = t as Tokens.Link;
        const label = inline(link.tokens, s);
        out +=
          label === link.href
            ? s.underline(s.blue(label))
            : `${s.underline(s.blue(label))} ${s.dim(`(${link.href})`)}`;
        break;
      }
      case "br":
        out += "\n";
        break;
      case "text": {
        const text = t as Tokens.Text;
        out += text.tokens ? inline(text.tokens, s) : decode(text.text);
        break;
      }
      default:
        out += decode("text" in t && typeof t.text === "string" ? t.text : t.raw);
    }
  }
  return out;
}

function wrapAll(text: string, width: number, first = "", rest = first): string[] {
  const out: string[] = [];
  const indent = Math.max(visible(first), visible(rest));
  for (const line of text.split("\n")) {
    for (const row of wrapLine(line, Math.max(10, width - indent)))
      out.push((out.length === 0 ? first : rest) + row);
  }
  return out;
}

const visible = visibleWidth;

function block(t: Token, o: MarkdownOptions, out: string[]): void {
  const s = o.style;
  switch (t.type) {
    case "heading": {
      const h = t as Tokens.Heading;
      const text = inline(h.tokens, s);
      out.push(...wrapAll(s.bold(h.depth <= 2 ? s.magenta(text) : text), o.width));
      break;
    }
    case "paragraph":
      out.push(...wrapAll(inline((t as Tokens.Paragraph).tokens, s), o.width));
      break;
    case "text": {
      const text = t as Tokens.Text;
      out.push(...wrapAll(text.tokens ? inline(text.tokens, s) : decode(text.text), o.width));
      break;
    }
    case "code": {
      const code = t as Tokens.Code;
      const lang = code.lang?.split(/\s/)[0] || undefined;
      if (s.color) void loadHighlighter();
      // No language, no highlighting: guessing tries every language (0.2–0.8 s a block, on every frame
      // while the block streams).
      const body = (s.color && lang ? highlightCode(code.text, lang, s.theme) : undefined) ?? code.text;
      out.push(s.dim(`  ${"─".repeat(3)} ${lang ?? ""}`.trimEnd()));
      for (const line of body.split("\n"))
        for (const row of wrapLine(line, o.width - 2)) out.push(`  ${row}`);
      out.push(s.dim(`  ${"─".repeat(3)}`));
      break;
    }
    case "list": {
      const list = t as Tokens.List;
      let n = typeof list.start === "number" ? list.start : 1;
      for (const item of list.items) {
        const marker = list.ordered ? `${n++}. ` : "• ";
        const inner: string[] = [];
        for (const child of item.tokens) block(child, { ...o, width: o.width - marker.length }, inner);
        const check = item.task ? (item.checked ? "[x] " : "[ ] ") : "";
        inner.forEach((row, i) => {
          out.push(i === 0 ? `${marker}${check}${row}` : `${" ".repeat(marker.length)}${row}`);
        });
      }
      break;
    }
    case "blockquote": {
      const inner: string[] = [];
      for (const child of (t as Tokens.Blockquote).tokens) block(child, { ...o, width: o.width - 2 }, inner);
      for (const row of inner) out.push(`${s.dim("│")} ${s.italic(row)}`);
      break;
    }
    case "hr":
      out.push(s.dim("─".repeat(Math.min(o.width, 40))));
      break;
    case "table": {
      const table = t as Tokens.Table;
      const cells = [table.header, ...table.rows].map((r) => r.map((c) => inline(c.tokens, s)));
      const widths = table.header.map((_, i) => Math.max(...cells.map((r) => visible(r[i] ?? ""))));
      cells.forEach((r, ri) => {
        const line = r.map((c, i) => c + " ".repeat(Math.max(0, (widths[i] ?? 0) - visible(c)))).join("  ");
        out.push(...wrapAll(ri === 0 ? s.bold(line) : line, o.width));
        if (ri === 0) out.push(s.dim(widths.map((w) => "─".repeat(w)).join("  ")));
      });
      break;
    }
    case "space":
      break;
    default:
      out.push(...wrapAll(decode(t.raw.replace(/\n+$/, "")), o.width));
  }
}

/** Renders markdown into rows of at most `width` cells, with a blank row between blocks. */
export function renderMarkdown(text: string, options: MarkdownOptions): string[] {
  const out: string[] = [];
  // The model's text must not drive the terminal: its control characters are shown as text first.
  const safe = inertText(text);
  marked ??= createRequire(import.meta.url)("marked") as Marked;
  try {
    // Nesting deep enough to stall the lexer or overflow the stack is clamped (markdown-guard.ts).
    for (const t of marked.Lexer.lex(clampNesting(safe))) {
      if (t.type === "space") continue;
      if (out.length > 0) out.push("");
      block(t, options, out);
    }
  } catch {
    // Whatever else makes rendering fail: the text as it is, rather than an exception that stops the UI.
    return safe.split("\n").flatMap((line) => wrapLine(line, options.width));
  }
  return out;
}
