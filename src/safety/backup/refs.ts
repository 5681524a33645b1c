/**
 * `git branch -D` / `git tag -d`: what the deletion drops (commits reachable from nothing else), a backup ref that
 * keeps those objects through gc (deleting a branch also deletes its reflog), and the restore (`update-ref` to the
 * recorded id, create-only, plus the branch's config such as its upstream).
 */
import { BACKUP_REF_PREFIX, processGit, refSafe, repoPaths, stamp, type UserGit } from "./repo.ts";
import type { RefsBackup, RestoreReport } from "./types.ts";

export type RefKind = "branch" | "tag";

export interface RefDeleteInspection {
  ref: string;
  /** null when the ref does not exist (the command would fail, nothing is lost). */
  sha: string | null;
  /** Commits reachable only from this ref: these are what the deletion really loses. */
  uniqueCommits: number;
  /** Subjects of up to 20 of them, newest first. */
  sample: string[];
}

const ZERO = "0".repeat(40);
const fullRef = (kind: RefKind, name: string): string =>
  name.startsWith("refs/") ? name : `${kind === "branch" ? "refs/heads" : "refs/tags"}/${name}`;

async function refValue(cwd: string, ref: string, git: UserGit): Promise<string | null> {
  const result = await git.run(cwd, ["rev-parse", "-q", "--verify", ref], { okCodes: [0, 1, 128] });
  return result.code === 0 ? result.stdout.trim() : null;
}

export async function inspectRefDelete(
  cwd: string,
  names: string[],
  kind: RefKind,
  git: UserGit = processGit,
): Promise<RefDeleteInspection[]> {
  const { top } = await repoPaths(cwd, git);
  const out: RefDeleteInspection[] = [];
  for (const name of names) {
    const ref = fullRef(kind, name);
    const sha = await refValue(top, ref, git);
    if (!sha) {
      out.push({ ref, sha: null, uniqueCommits: 0, sample: [] });
      continue;
    }
    // Every other branch, tag and remote-tracking ref, excluded through stdin (no argument-length limit).
    const refs = await git.out(top, [
      "for-each-ref",
      "--format=%(refname) %(objectname)",
      "refs/heads",
      "refs/tags",
      "refs/remotes",
    ]);
    const input = refs
      .split("\n")
      .filter((line) => line && !line.startsWith(`${ref} `))
      .map((line) => `^${line.slice(line.lastIndexOf(" ") + 1)}`)
      .join("\n");
    const count = Number(await git.out(top, ["rev-list", "--count", "--stdin", sha], { input }));
    const sample = await git.out(top, ["log", "-n20", "--format=%s", "--stdin", sha, "--"], { input });
    out.push({ ref, sha, uniqueCommits: count, sample: sample ? sample.split("\n") : [] });
  }
  return out;
}

export const inspectBranchDelete = (cwd: string, names: string[]) => inspectRefDelete(cwd, names, "branch");
export const inspectTagDelete = (cwd: string, names: string[]) => inspectRefDelete(cwd, names, "tag");

/** Records each existing ref (and a branch's config) and pins it under refs/tandem/backups/<kind>/<name>/<stamp>. */
export async function backupRefs(
  cwd: string,
  names: string[],
  kind: RefKind,
  options: { refPrefix?: string; git?: UserGit } = {},
): Promise<RefsBackup> {
  const git = options.git ?? processGit;
  const { top } = await repoPaths(cwd, git);
  const record: RefsBackup = { kind: "refs", repo: top, created_at: new Date().toISOString(), refs: [] };
  const when = stamp();
  for (const name of names) {
    const ref = fullRef(kind, name);
    const sha = await refValue(top, ref, git);
    if (!sha) continue;
    const short = ref.replace(/^refs\/(heads|tags)\//, "");
    const backupRef = `${options.refPrefix ?? BACKUP_REF_PREFIX}/${kind}/${refSafe(short)}/${when}`;
    await git.run(top, ["update-ref", "-m", "tandem backup", backupRef, sha, ZERO]);
    const config: Array<[string, string]> = [];
    if (kind === "branch") {
      const pattern = `^branch\\.${short.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.`;
      const result = await git.run(top, ["config", "--local", "-z", "--get-regexp", pattern], {
        okCodes: [0, 1],
      });
      for (const item of result.stdout.split("\0")) {
        const newline = item.indexOf("\n");
        if (newline > 0) config.push([item.slice(0, newline), item.slice(newline + 1)]);
      }
    }
    record.refs.push({ ref, sha, backup_ref: backupRef, config });
  }
  return record;
}

/** Recreates each ref at its recorded id; a ref that exists again (with another value) is reported, not moved. */
export async function restoreRefs(record: RefsBackup, git: UserGit = processGit): Promise<RestoreReport> {
  const report: RestoreReport = { restored: [], conflicts: [], notes: [] };
  for (const entry of record.refs) {
    const current = await refValue(record.repo, entry.ref, git);
    if (current && current !== entry.sha) {
      report.conflicts.push(entry.ref);
      report.notes.push(
        `${entry.ref} exists again at ${current.slice(0, 10)}; its old value ${entry.sha} is kept in ${entry.backup_ref}.`,
      );
      continue;
    }
    if (!current)
      await git.run(record.repo, ["update-ref", "-m", "tandem: restore", entry.ref, entry.sha, ZERO]);
    // Only keys that are unset now: anything the user configured since wins.
    const absent = new Set<string>();
    for (const key of new Set(entry.config.map(([key]) => key))) {
      const has = await git.run(record.repo, ["config", "--local", "--get-all", key], { okCodes: [0, 1] });
      if (has.code === 1) absent.add(key);
    }
    for (const [key, value] of entry.config) {
      if (absent.has(key)) await git.run(record.repo, ["config", "--local", "--add", key, value]);
    }
    report.restored.push(entry.ref);
  }
  return report;
}
