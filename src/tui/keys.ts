/**
 * Raw terminal input to key events. Handles the sequences common terminals and tmux send: arrows, Home/End,
 * Delete, Alt+Enter (ESC CR), Shift+Enter as CSI u (`ESC[13;2u`) or xterm modifyOtherKeys (`ESC[27;2;13~`),
 * Shift+Tab (`ESC[Z`), bracketed paste, and a lone ESC as the Escape key.
 */
import { createReplyFilter } from "./terminal-replies.ts";

export type KeyName =
  | "enter"
  | "newline"
  | "backspace"
  | "delete"
  | "up"
  | "down"
  | "left"
  | "right"
  | "home"
  | "end"
  | "escape"
  | "tab"
  | "shift-tab"
  | "ctrl-a"
  | "ctrl-c"
  | "ctrl-d"
  | "ctrl-e"
  | "ctrl-o"
  | "ctrl-u"
  | "ctrl-w";

export type Key = { name: KeyName } | { name: "text"; text: string } | { name: "paste"; text: string };

const sequences: Record<string, KeyName> = {
  "\x1b[A": "up",
  "\x1b[B": "down",
  "\x1b[C": "right",
  "\x1b[D": "left",
  "\x1bOA": "up",
  "\x1bOB": "down",
  "\x1bOC": "right",
  "\x1bOD": "left",
  "\x1b[H": "home",
  "\x1b[F": "end",
  "\x1bOH": "home",
  "\x1bOF": "end",
  "\x1b[1~": "home",
  "\x1b[4~": "end",
  "\x1b[7~": "home",
  "\x1b[8~": "end",
  "\x1b[3~": "delete",
  "\x1b[13;2u": "newline",
  "\x1b[13;3u": "newline",
  "\x1b[27;2;13~": "newline",
  "\x1b[27;3;13~": "newline",
  "\x1b\r": "newline",
  "\x1b\n": "newline",
  "\x1b[27u": "escape",
  "\x1b[Z": "shift-tab",
};

const controls: Record<string, KeyName> = {
  "\r": "enter",
  "\n": "newline",
  "\x7f": "backspace",
  "\b": "backspace",
  "\t": "tab",
  "\x01": "ctrl-a",
  "\x03": "ctrl-c",
  "\x04": "ctrl-d",
  "\x05": "ctrl-e",
  "\x0f": "ctrl-o",
  "\x15": "ctrl-u",
  "\x17": "ctrl-w",
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-9;]*[~A-Za-z]|O[A-Za-z]|[\r\n])/y;
const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

/**
 * A parser for one input stream. It keeps a bracketed paste open across reads: a large paste arrives in
 * several pieces, and a newline inside it must not send the message.
 */
export function createKeyParser(): (data: string) => Key[] {
  let paste: string | undefined;
  // Terminal replies (an OSC 11 background answer arriving late, say) are not keys: taken out first.
  const withoutReplies = createReplyFilter();
  return (input) => {
    const data = withoutReplies(input).input;
    if (paste === undefined) {
      const start = data.indexOf(PASTE_START);
      if (start === -1 || data.indexOf(PASTE_END, start) !== -1) return parseKeys(data);
      const keys = parseKeys(data.slice(0, start));
      paste = data.slice(start + PASTE_START.length);
      return keys;
    }
    const end = data.indexOf(PASTE_END);
    if (end === -1) {
      paste += data;
      return [];
    }
    const text = (paste + data.slice(0, end)).replace(/\r\n?/g, "\n");
    paste = undefined;
    return [{ name: "paste", text }, ...parseKeys(data.slice(end + PASTE_END.length))];
  };
}

/** Keys in one complete piece of input. */
export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = "";
  const flushText = () => {
    if (text) keys.push({ name: "text", text });
    text = "";
  };
  let i = 0;
  while (i < data.length) {
    if (data.startsWith(PASTE_START, i)) {
      flushText();
      const end = data.indexOf(PASTE_END, i);
      const body = data.slice(i + PASTE_START.length, end === -1 ? data.length : end);
      keys.push({ name: "paste", text: body.replace(/\r\n?/g, "\n") });
      i = end === -1 ? data.length : end + PASTE_END.length;
      continue;
    }
    const ch = data[i] as string;
    if (ch === "\x1b") {
      flushText();
      ESCAPE_SEQUENCE.lastIndex = i;
      const m = ESCAPE_SEQUENCE.exec(data);
      if (m) {
        const name = sequences[m[0]];
        if (name) keys.push({ name });
        i += m[0].length;
        continue;
      }
      // Alt+key arrives as ESC and the key in one read: not the Escape key, which would interrupt the turn
      // (Alt+B, readline's word-back, did). Alt+Backspace deletes a word; other Alt+keys do nothing.
      const next = data[i + 1];
      if (next !== undefined && (next >= " " || next === "\x7f")) {
        if (next === "\x7f") keys.push({ name: "ctrl-w" });
        i += 2;
        continue;
      }
      keys.push({ name: "escape" });
      i++;
      continue;
    }
    const control = controls[ch];
    if (control) {
      flushText();
      keys.push({ name: control });
      i++;
      continue;
    }
    if (ch >= " ") text += ch;
    i++;
  }
  flushText();
  return keys;
}
