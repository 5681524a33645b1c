/**
 * `text` cut to at most `max` characters, the last one "…" when something was cut: the one ellipsis style
 * for shortening a command, a path or a server's answer in a message. Counts UTF-16 code units like
 * `String.length`, but never splits a surrogate pair (an emoji is dropped whole, not left as half a
 * character). For terminal columns, the UI cuts by width instead (`src/tui/`).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
