/**
 * Files changed since the shadow index was last written (modified, or new and not ignored) that are larger than
 * a limit. Checkpoints taken while a command runs leave them out: a file growing for a minute (a download, a
 * log) would otherwise be stored again at every tick.
 */
import { lstat } from "node:fs/promises";
import path from "node:path";
import { splitNul } from "./git.ts";
import type { ShadowRepo } from "./shadow-repo.ts";

export async function changedLargerThan(repo: ShadowRepo, bytes: number): Promise<string[]> {
  const listed = await repo.run(["ls-files", "-z", "-m", "-o", "--exclude-standard"], { okCodes: [0, 1] });
  const large: string[] = [];
  for (const file of new Set(splitNul(listed.stdout))) {
    const size = await lstat(path.join(repo.workspace, file)).then(
      (st) => st.size,
      () => 0,
    );
    if (size > bytes) large.push(file);
  }
  return large;
}
