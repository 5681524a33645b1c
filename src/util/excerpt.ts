/**
 * The start of a text for a message: whitespace runs collapsed to one space, at most `max` characters, with
 * "…" when something was cut. For quoting what a server or a file said without flooding a terminal line.
 */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}
