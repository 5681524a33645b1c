/**
 * `git stash drop` / `git stash clear`: which stash entries would be deleted, a backup ref per entry (a dropped
 * stash is only reachable from the reflog until gc), and the restore (`git stash store`, oldest first, so the
 * entries come back in their old order).
 */
import { BACKUP_REF_PREFIX, processGit, repoPaths, stamp, type UserGit } from "./repo.ts";
import type { RestoreReport, StashBackup } from "./types.ts";

export interface StashEntry {
  /** `stash@{N}` at inspection time. */
  name: string;
  sha: string;
  message: string;
}

const ZERO = "0".repeat(40);

async function stashList(top: string, git: UserGit): Promise<StashEntry[]> {
  const result = await git.run(top, ["stash", "list", "--format=%gd%x1f%H%x1f%gs"], { okCodes: [0, 1, 128] });
  if (result.code !== 0) return [];
  return result.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [name = "", sha = "", message = ""] = line.split("\x1f");
      return { name, sha, message };
    });
}

/**
 * The entries `git stash <drop|clear> [stash]` would delete: `clear` all of them, `drop` the named one (default
 * `stash@{0}`; a bare number N means `stash@{N}`).
 */
export async function inspectStashDrop(
  cwd: string,
  args: string[],
  git: UserGit = processGit,
): Promise<StashEntry[]> {
  const { top } = await repoPaths(cwd, git);
  const entries = await stashList(top, git);
  const [verb, target] = args.filter((a) => !a.startsWith("-"));
  if (verb === "clear") return entries;
  const name = !target ? "stash@{0}" : /^\d+$/.test(target) ? `stash@{${target}}` : target;
  return entries.filter((e) => e.name === name);
}

/** Pins each entry under refs/tandem/backups/stash/<stamp>/<i>, so gc keeps it after the drop. */
export async function backupStashes(
  cwd: string,
  entries: StashEntry[],
  git: UserGit = processGit,
): Promise<StashBackup> {
  const { top } = await repoPaths(cwd, git);
  const when = stamp();
  const record: StashBackup = { kind: "stash", repo: top, created_at: new Date().toISOString(), entries: [] };
  for (const [i, entry] of entries.entries()) {
    const backupRef = `${BACKUP_REF_PREFIX}/stash/${when}/${i}`;
    await git.run(top, ["update-ref", "-m", "tandem backup", backupRef, entry.sha, ZERO]);
    record.entries.push({ ...entry, backup_ref: backupRef });
  }
  return record;
}

/** Stores every backed-up entry that is no longer on the stash list, oldest first. */
export async function restoreStashes(record: StashBackup, git: UserGit = processGit): Promise<RestoreReport> {
  const report: RestoreReport = { restored: [], conflicts: [], notes: [] };
  const present = new Set((await stashList(record.repo, git)).map((e) => e.sha));
  for (const entry of [...record.entries].reverse()) {
    if (present.has(entry.sha)) {
      report.notes.push(`${entry.name} (${entry.sha.slice(0, 10)}) is still on the stash list`);
      continue;
    }
    await git.out(record.repo, ["stash", "store", "-m", entry.message, entry.sha]);
    report.restored.push(`stash ${entry.sha.slice(0, 10)} "${entry.message}"`);
  }
  return report;
}
