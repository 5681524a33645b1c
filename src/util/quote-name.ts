/**
 * A file name as one visible line. A name holding a newline (or another control character) would otherwise
 * print as two entries, or hide part of itself; such names, and names that start with a double quote (so the
 * two cannot be confused), are shown as a JSON string: `"bad\nname.txt"`, which is also how the model writes
 * the name back in a tool call's JSON arguments.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const NEEDS_QUOTES = /[\u0000-\u001f\u007f]|^"/;

export function quoteName(name: string): string {
  return NEEDS_QUOTES.test(name) ? JSON.stringify(name) : name;
}
