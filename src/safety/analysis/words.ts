/**
 * Quote removal for tree-sitter-bash word nodes. A word is literal when its value is fixed in the source;
 * `$HOME`, `${HOME}` and a leading `~` count as literal (expanded to `home`) because path rules need them.
 * Anything else that expands at run time makes the word non-literal and keeps its source text.
 */
import type { Node } from "web-tree-sitter";
import type { Arg } from "./types.ts";

const ANSI_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };

function unescapeWord(text: string): string {
  return text.replace(/\\\n/g, "").replace(/\\(.)/gs, "$1");
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\\n/g, "").replace(/\\([\\"$`])/g, "$1");
}

function decodeAnsiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/gs, (_m, esc: string) => {
    if (esc.startsWith("x")) return String.fromCharCode(Number.parseInt(esc.slice(1), 16));
    if (/^[0-7]+$/.test(esc)) return String.fromCharCode(Number.parseInt(esc, 8));
    return ANSI_ESCAPES[esc] ?? esc;
  });
}

function isHomeExpansion(node: Node): boolean {
  if (node.type !== "simple_expansion" && node.type !== "expansion") return false;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a JS template
  return node.text === "$HOME" || node.text === "${HOME}";
}

function expandTilde(text: string, home: string): string {
  if (text === "~") return home;
  if (text.startsWith("~/")) return home + text.slice(1);
  return text;
}

/** Converts one argument node into its value. `first` tells whether tilde expansion applies. */
export function wordValue(node: Node, home: string, first = true): Arg {
  switch (node.type) {
    case "word":
    case "command_name": {
      const inner = node.type === "command_name" ? node.firstChild : node;
      if (inner && inner !== node) return wordValue(inner, home, first);
      const text = unescapeWord(node.text);
      return { text: first ? expandTilde(text, home) : text, literal: true };
    }
    case "number":
      return { text: node.text, literal: true };
    case "raw_string":
      return { text: node.text.slice(1, -1), literal: true };
    case "ansi_c_string":
      return { text: decodeAnsiC(node.text.slice(2, -1)), literal: true };
    case "string":
    case "translated_string": {
      let out = "";
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === "string_content") out += unescapeDoubleQuoted(child.text);
        else if (isHomeExpansion(child)) out += home;
        else return { text: node.text, literal: false };
      }
      return { text: out, literal: true };
    }
    case "concatenation": {
      let out = "";
      let index = 0;
      for (const child of node.namedChildren) {
        if (!child) continue;
        const part = isHomeExpansion(child)
          ? { text: home, literal: true }
          : wordValue(child, home, first && index === 0);
        if (!part.literal) return { text: node.text, literal: false };
        out += part.text;
        index++;
      }
      return { text: out, literal: true };
    }
    default:
      if (isHomeExpansion(node)) return { text: home, literal: true };
      return { text: node.text, literal: false };
  }
}
