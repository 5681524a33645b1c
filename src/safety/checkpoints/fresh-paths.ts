/**
 * Which paths are new since the store's newest checkpoint, read without writing anything (it must work on a
 * full disk). A path is new when neither it nor anything under it is in the newest checkpoint and nothing
 * under it is ignored: a non-ignored file that existed at that checkpoint would have been recorded, so it
 * was created after. Ignored files and nested repositories are never called new: tandem cannot tell when they
 * appeared.
 */
import path from "node:path";
import { exists } from "../../util/exists.ts";
import { relativeInside } from "../../util/inside.ts";
import { createShadowRepo, type ShadowRepoOptions } from "./shadow-repo.ts";
import { CHECKPOINT_REF } from "./store.ts";

export type Freshness = { fresh: true; checkpoint: string } | { fresh: false; why: string };

export async function newSinceLastCheckpoint(
  options: ShadowRepoOptions,
  paths: readonly string[],
): Promise<Freshness> {
  const repo = createShadowRepo(options);
  const workspace = repo.workspace;
  const head = await repo
    .run(["rev-parse", "-q", "--verify", `${CHECKPOINT_REF}^{tree}`], { okCodes: [0, 1, 128] })
    .catch(() => undefined);
  const tree = head?.code === 0 ? head.stdout.trim() : "";
  if (!tree) return { fresh: false, why: "the newest checkpoint cannot be read" };
  for (const p of paths) {
    const absolute = path.resolve(workspace, p);
    const rel = relativeInside(workspace, absolute);
    if (!rel) return { fresh: false, why: `${p} is not inside the workspace` };
    if (!(await exists(absolute))) return { fresh: false, why: `${p} does not exist` };
    const parts = rel.split(path.sep);
    // A nested repository's files are recorded as its commit id only: its own files are never "new" to us.
    for (let i = 1; i <= parts.length; i++) {
      if (await exists(path.join(workspace, ...parts.slice(0, i), ".git")))
        return { fresh: false, why: `${p} is in or holds a git repository` };
    }
    const posix = parts.join("/");
    const under = await repo.run(["ls-tree", "-r", "-z", "--name-only", tree, "--", posix]);
    if (under.stdout !== "") return { fresh: false, why: `${p} is in the last checkpoint` };
    const ignored = await repo.run([
      "ls-files",
      "-z",
      "--others",
      "--ignored",
      "--exclude-standard",
      "--",
      `:(literal)${posix}`,
    ]);
    if (ignored.stdout !== "") return { fresh: false, why: `${p} holds ignored files` };
  }
  return { fresh: true, checkpoint: tree };
}
