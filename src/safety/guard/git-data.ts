/**
 * The guard's plans for commands that remove git's own data, which checkpoints exclude: file commands on `.git`
 * internals (`rm .git/index`, `> .git/index`, `rm -rf .git/objects`, `mv .git x`), `git update-ref -d`, and
 * `git prune` / `reflog expire` / `gc --prune`. Each keeps an exact copy first (hard links where the command
 * only deletes or replaces files, real copies where it writes in place), so `tandem undo` restores the bytes.
 */
import path from "node:path";
import type { CommandPart } from "../analysis/index.ts";
import { backupRefs, describePath, inspectRefDelete, type PathInfo, snapshotPaths } from "../backup/index.ts";
import { repoPaths, type UserGit } from "../backup/repo.ts";
import { isInside } from "../path-check.ts";
import { gitSubArgs, operands } from "./git-args.ts";
import { formatBytes, label, listPaths, type PartPlan, type PlanOptions } from "./plan.ts";

/** Commands that only unlink or rename what they touch: a hard link keeps the old bytes. */
const REMOVERS = new Set(["rm", "unlink", "mv", "find", "rmdir"]);
/** Real copies above this are refused: the copy would cost more than the user expects of a guard. */
const MAX_COPY_BYTES = 256 * 1024 * 1024;

export async function planGitData(
  part: CommandPart,
  paths: string[],
  options: PlanOptions,
): Promise<PartPlan> {
  const infos = (await Promise.all(paths.map((p) => describePath("/", p)))).filter(
    (p): p is PathInfo => p !== null,
  );
  const name = path.basename(part.argv[0] ?? "");
  const inPlace = part.rules.includes("redirect-git-data") || !REMOVERS.has(name);
  const outside = paths.some((p) => !isInside(options.workspace, p));
  const bytes = infos.reduce((sum, p) => sum + p.bytes, 0);
  if (infos.length === 0) {
    return {
      impact: [`${label(part)}: none of the git data it names (${paths.join(", ")}) exists now`],
      reversible: !outside,
      outside,
      backup: async () => [],
    };
  }
  const tooBig = inPlace && bytes > MAX_COPY_BYTES;
  const impact = [
    `${label(part)} would delete or overwrite git's own data, which checkpoints do not cover: ${listPaths(infos)}`,
  ];
  if (tooBig)
    impact.push(
      `it writes in place, so only a full copy could keep it, and ${formatBytes(bytes)} is more than the guard copies (${formatBytes(MAX_COPY_BYTES)})`,
    );
  return {
    impact,
    reversible: !outside && !tooBig,
    outside,
    backup: async () => [
      await snapshotPaths(
        "/",
        infos.map((p) => p.absolute),
        options.trashDir,
        () => !inPlace,
      ),
    ],
  };
}

export async function planRefDelete(part: CommandPart, cwd: string, git: UserGit): Promise<PartPlan> {
  const [ref] = operands(gitSubArgs(part.argv, "update-ref") ?? []);
  if (!ref?.startsWith("refs/")) {
    return {
      impact: [
        `${label(part)}: deletes ${ref ?? "a ref"}, which the guard can only back up as a full refs/… name`,
      ],
      reversible: false,
      outside: false,
    };
  }
  const [found] = await inspectRefDelete(cwd, [ref], "branch", git);
  const impact = found?.sha
    ? [
        `${label(part)} would delete ${ref} at ${found.sha.slice(0, 10)} and its reflog${found.uniqueCommits ? ` (${found.uniqueCommits} commits only it reaches: ${found.sample.slice(0, 5).join("; ")})` : ""}`,
      ]
    : [`${label(part)}: ${ref} does not exist`];
  return {
    impact,
    reversible: true,
    outside: false,
    backup: async () => [await backupRefs(cwd, [ref], "branch", { git })],
  };
}

export async function planObjectPrune(
  part: CommandPart,
  cwd: string,
  options: PlanOptions,
  git: UserGit,
): Promise<PartPlan> {
  const { gitDir } = await repoPaths(cwd, git);
  const kept = ["objects", "logs", "refs", "packed-refs"].map((p) => path.join(gitDir, p));
  const infos = (await Promise.all(kept.map((p) => describePath("/", p)))).filter(
    (p): p is PathInfo => p !== null,
  );
  const loose = infos.find((p) => p.absolute.endsWith(`${path.sep}objects`));
  return {
    impact: [
      `${label(part)} would drop unreachable commits and reflog entries in ${gitDir} (objects: ${loose ? `${loose.files} files, ${formatBytes(loose.bytes)}` : "none"}); checkpoints do not cover them`,
    ],
    reversible: true,
    outside: !isInside(options.workspace, gitDir),
    // git deletes objects and replaces refs and reflogs through lock files and renames, never in place: hard
    // links keep every old byte at no copying cost.
    backup: async () => [
      await snapshotPaths(
        "/",
        infos.map((p) => p.absolute),
        options.trashDir,
        () => true,
      ),
    ],
  };
}
