/** A tool call in one line, for every front end's transcript (the UI, `tandem exec`, a web page). */
import { clip } from "../util/clip.ts";

/** One line naming what a tool call did: the command, the path, or the pattern. */
export function summarizeArguments(args: unknown, max = 80): string {
  if (!args || typeof args !== "object") return "";
  const record = args as Record<string, unknown>;
  const preferred = ["command", "path", "pattern", "input"];
  const key =
    preferred.find((k) => typeof record[k] === "string") ??
    Object.keys(record).find((k) => typeof record[k] === "string");
  if (!key) return "";
  const value = (record[key] as string).replace(/\s+/g, " ").trim();
  if (key === "input") return value.startsWith("*** Begin Patch") ? "patch" : value.slice(0, max);
  return clip(value, max);
}
