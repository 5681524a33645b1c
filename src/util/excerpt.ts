/**
 * The start of a text for a message: whitespace runs collapsed to one space, at most `max` characters, with
 * "…" when something was cut. For quoting what a server or a file said without flooding a terminal line.
 */
import { clip } from "./clip.ts";

export function excerpt(text: string, max = 80): string {
  return clip(text.replace(/\s+/g, " ").trim(), max);
}
