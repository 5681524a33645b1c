/**
 * The files a patch touches, for `apply_patch`'s `paths` declaration (what the safety gate checks before the
 * patch runs). From the parsed patch when it parses; otherwise from every file header line, so a patch the
 * parser rejects still shows the gate every path it names (applying it then fails anyway).
 */
import { resolve } from "node:path";
import type { ToolPaths } from "../../core/tool.ts";
import { parsePatch } from "./parser.ts";

export function patchPaths(input: string, cwd: string): ToolPaths {
  const reads: string[] = [];
  const writes: string[] = [];
  const parsed = parsePatch(input);
  if (parsed.ok) {
    for (const hunk of parsed.hunks) {
      const abs = resolve(cwd, hunk.path);
      writes.push(abs);
      if (hunk.type !== "add") reads.push(abs);
      if (hunk.type === "update" && hunk.moveTo !== undefined) writes.push(resolve(cwd, hunk.moveTo));
    }
  } else {
    for (const line of input.split("\n")) {
      const m = /^\*\*\* (Add File|Update File|Delete File|Move to): (.+)$/.exec(line.trim());
      if (!m?.[2]) continue;
      const abs = resolve(cwd, m[2].trim());
      writes.push(abs);
      if (m[1] === "Update File" || m[1] === "Delete File") reads.push(abs);
    }
  }
  return { reads: [...new Set(reads)], writes: [...new Set(writes)] };
}
