/**
 * Lines added and removed per file, counted from a unified diff (git format) and its name-status list, like
 * `git diff --stat`: counting the patch the summary already holds saves a second git run over the workspace.
 */
import type { FileChangeStat } from "../protocol/run-summary.ts";
import type { FileChange } from "../safety/checkpoints/index.ts";

const STATUS: Record<FileChange["status"], FileChangeStat["status"]> = {
  A: "added",
  M: "modified",
  D: "deleted",
  T: "type_changed",
};

interface Section {
  added: number;
  removed: number;
  binary: boolean;
}

/**
 * One section per `diff --git` header, in order. A hunk line starts with ` `, `+`, `-` or `\`, never `d`.
 * Headers are told from hunk lines by where they are, not by prefix: a removed line `-- x` reads `--- x`.
 */
function sections(patch: string): Section[] {
  const out: Section[] = [];
  let current: Section | undefined;
  let inHunk = false;
  for (const line of patch.split("\n")) {
    if (line.startsWith("diff --git ")) {
      current = { added: 0, removed: 0, binary: false };
      out.push(current);
      inHunk = false;
    } else if (!current) {
      // Nothing before the first header belongs to a file.
    } else if (line.startsWith("@@")) {
      inHunk = true;
    } else if (!inHunk) {
      if (line.startsWith("Binary files ") || line === "GIT binary patch") current.binary = true;
    } else if (line.startsWith("+")) {
      current.added++;
    } else if (line.startsWith("-")) {
      current.removed++;
    }
  }
  return out;
}

/**
 * `files` and `patch` from the same diff (same range and flags, no rename detection), so both list the files in
 * the same order. git writes a type change (a file that became a symlink) as two sections, a deletion and an
 * addition, counted together here.
 */
export function diffStat(files: readonly FileChange[], patch: string): FileChangeStat[] {
  const parts = sections(patch);
  let next = 0;
  return files.map((file) => {
    const mine = parts.slice(next, next + (file.status === "T" ? 2 : 1));
    next += mine.length;
    const binary = mine.some((s) => s.binary);
    return {
      path: file.path,
      status: STATUS[file.status],
      added: binary ? null : mine.reduce((n, s) => n + s.added, 0),
      removed: binary ? null : mine.reduce((n, s) => n + s.removed, 0),
    };
  });
}
