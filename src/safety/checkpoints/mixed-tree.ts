/**
 * A tree that is `base` except for some paths, which take their entries from `from` (or are absent when `from`
 * lacks them). A partial restore writes it: only those paths change in the workspace, every other file keeps its
 * current content (an undo reverts the step's files, not edits the user made elsewhere since).
 */
import { rm } from "node:fs/promises";
import { splitNul } from "./git.ts";
import type { ShadowRepo } from "./shadow-repo.ts";

export async function mixTrees(
  repo: ShadowRepo,
  base: string,
  from: string,
  paths: string[],
): Promise<string> {
  const indexFile = `${repo.indexFile}.mixed-${process.pid}`;
  try {
    await repo.run(["read-tree", base], { indexFile });
    const wanted = new Set(paths);
    // Every entry of `from` under those paths; ls-tree -r lists files (and symlinks, gitlinks) one per line.
    const listed = splitNul((await repo.run(["ls-tree", "-r", "-z", "--full-tree", from])).stdout);
    const entries = listed.filter((line) => wanted.has(line.slice(line.indexOf("\t") + 1)));
    // First drop the paths (a path `from` lacks is then absent), then add back `from`'s entries for them.
    const removal = paths.map((p) => `0 ${"0".repeat(40)}\t${p}\0`).join("");
    await repo.run(["update-index", "-z", "--index-info"], { indexFile, input: removal });
    // ls-tree prints "<mode> <type> <sha>\t<path>", which --index-info accepts as is.
    const additions = entries.map((line) => `${line}\0`).join("");
    if (additions) await repo.run(["update-index", "-z", "--index-info"], { indexFile, input: additions });
    return (await repo.run(["write-tree"], { indexFile })).stdout.trim();
  } finally {
    await rm(indexFile, { force: true });
  }
}
