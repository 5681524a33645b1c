/**
 * Keeping `git add` out of nested repositories. For every gitlink in the index (a nested repository, gitlinked or
 * a submodule), `add -A`/`add -u` start `git status` INSIDE it, which reads that repository's own config: its
 * filters run on its files, under driver names the outer call never read, so no `-c` can neutralize them.
 * Excluding the gitlink by pathspec skips it (the entry keeps its recorded commit; a nested repository's files
 * were never part of the outer repository anyway).
 */
import { existsSync } from "node:fs";
import { lstat } from "node:fs/promises";
import path from "node:path";

/** Paths of the gitlink entries in `git ls-files -z --stage` output. */
export function parseGitlinks(lsFilesStage: string): string[] {
  const out: string[] = [];
  for (const record of lsFilesStage.split("\0")) {
    if (!record.startsWith("160000 ")) continue;
    const tab = record.indexOf("\t");
    if (tab > 0) out.push(record.slice(tab + 1));
  }
  return out;
}

/**
 * `:(exclude,literal)` pathspecs for the gitlinks (relative to `cwd`) that are still repositories on disk. One
 * whose `.git` is gone is not excluded: its folder now holds plain files, and `add` must record them.
 */
export function gitlinkExcludes(cwd: string, gitlinks: Iterable<string>): string[] {
  const out: string[] = [];
  for (const link of gitlinks)
    if (existsSync(path.join(cwd, link, ".git"))) out.push(`:(exclude,literal)${link}`);
  return out;
}

/** `args` (an `add` command) with the exclusions appended as pathspecs (after `--`, added when missing). */
export function withPathspecs(args: readonly string[], pathspecs: readonly string[]): string[] {
  if (pathspecs.length === 0) return [...args];
  return args.includes("--") ? [...args, ...pathspecs] : [...args, "--", ...pathspecs];
}

export interface GitlinkTracker {
  /** Exclusion pathspecs for the next `add`. */
  excludes(): Promise<string[]>;
  /** Records the gitlinks an `add -v` just added (its `add '<path>'` lines naming a folder). */
  note(addLines: readonly string[]): Promise<void>;
}

/**
 * The gitlinks of one long-lived index (the checkpoint store's shadow index): read once from the index through
 * `listIndex` (`git ls-files -z --stage` output, "" when there is none), then kept up to date from `add -v`, so
 * the per-checkpoint cost is a stat per nested repository, not a git process.
 */
export function createGitlinkTracker(workTree: string, listIndex: () => Promise<string>): GitlinkTracker {
  let known: Set<string> | null = null;
  return {
    async excludes() {
      known ??= new Set(parseGitlinks(await listIndex()));
      return gitlinkExcludes(workTree, known);
    },
    async note(addLines) {
      for (const line of addLines) {
        const added = /^add '(.*)'$/.exec(line)?.[1];
        if (added && (await lstat(path.join(workTree, added)).catch(() => null))?.isDirectory())
          known?.add(added);
      }
    },
  };
}
