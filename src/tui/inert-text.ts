/**
 * Text from outside the UI (model answers and reasoning, tool arguments and output, file names, file content,
 * error messages, pasted text) must never drive the terminal: an OSC sequence could retitle the window or
 * write the clipboard (OSC 52), a CSI one clear the screen or move the cursor over the transcript. Everything
 * such text passes through here before the UI adds its own styling, so the only escape sequences written are
 * the UI's.
 */

/**
 * `text` with every control character shown as text: C0 and DEL in caret notation (`ESC` → `^[`, BEL → `^G`,
 * DEL → `^?`), a C1 control as its 7-bit form (U+009B, which some terminals read as CSI, → `^[[`). Newlines
 * and tabs stay (the wrapper lays tabs out); a CR before a newline goes (CRLF text), a lone CR shows as `^M`.
 */
export function inertText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being made inert
  if (!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text)) return text;
  return (
    text
      .replace(/\r\n/g, "\n")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being made inert
      .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => {
        const code = c.charCodeAt(0);
        if (code === 0x7f) return "^?";
        if (code >= 0x80) return `^[${String.fromCharCode(code - 0x40)}`;
        return `^${String.fromCharCode(code + 64)}`;
      })
  );
}

/** `text` kept on one row: inert as above, and tabs and newlines shown as `^I` and `^J` too. */
export function inertLine(text: string): string {
  return inertText(text.replace(/\t/g, "^I").replace(/\n/g, "^J"));
}
