/**
 * `git push --force`: which remote commits it would drop, a local ref that keeps them, and a lease-protected push
 * that puts the remote branch back. Remote calls use the user's git config (credentials, URL rewrites) and never
 * prompt; fetches write no FETCH_HEAD and update no remote-tracking refs (`--refmap=`).
 */
import { GitError } from "../checkpoints/git.ts";
import { BACKUP_REF_PREFIX, processGit, refSafe, repoPaths, stamp, type UserGit } from "./repo.ts";
import type { RemoteRefBackup, RestoreReport } from "./types.ts";

export interface LostCommit {
  sha: string;
  author: string;
  subject: string;
}

export interface ForcePushInspection {
  remote: string;
  branch: string;
  /** The remote branch now; null when it does not exist there (nothing can be lost). */
  remoteSha: string | null;
  /** What the push would set. */
  localSha: string;
  /** Commits on the remote branch that the push would drop, newest first. */
  lost: LostCommit[];
}

export interface ForcePushOptions {
  /** What is being pushed (a ref or commit). Default: `branch` (the local branch of the same name). */
  localRef?: string;
  /** Ref namespace for backups. Default "refs/tandem/backups". */
  refPrefix?: string;
  /** Timeout for network operations, ms. Default 60_000. */
  timeoutMs?: number;
  /**
   * May the look-ups leave this machine (http, https, ssh)? Default true. The guard passes false while the
   * model's commands run without network: a URL in the command or a nested repository's config would otherwise
   * be a channel out of the sandbox (tandem's own request carries whatever the model put in the URL).
   */
  network?: boolean;
  /** The git it runs. Default the process's (`processGit`). */
  git?: UserGit;
}

/** Environment for the remote look-ups: only local repositories when the network is not allowed. */
function lookupEnv(options: ForcePushOptions): Record<string, string> | undefined {
  return options.network === false ? { GIT_ALLOW_PROTOCOL: "file" } : undefined;
}

const FETCH = [
  "fetch",
  "--quiet",
  "--no-tags",
  "--no-write-fetch-head",
  "--no-recurse-submodules",
  "--refmap=",
];

/** A remote or branch starting with "-" would be read by git as an option (e.g. --upload-pack=...). */
function checkNames(remote: string, branch: string): void {
  if (remote.startsWith("-") || branch.startsWith("-") || !remote || !branch) {
    throw new Error(
      `Refusing remote "${remote}" / branch "${branch}": empty or starting with "-". Nothing was done.`,
    );
  }
}

async function remoteHead(
  cwd: string,
  remote: string,
  branch: string,
  options: ForcePushOptions,
): Promise<string | null> {
  const git = options.git ?? processGit;
  const args = ["ls-remote", remote, `refs/heads/${branch}`];
  const result = await git.run(cwd, args, {
    timeoutMs: options.timeoutMs,
    env: lookupEnv(options),
    okCodes: [0, 128],
  });
  if (
    result.code !== 0 &&
    options.network === false &&
    /transport '(?!file')[^']*' not allowed/.test(result.stderr)
  )
    throw new Error(
      `${remote} is not a repository on this machine, and commands run without network: tandem does not contact it either (nothing was sent)`,
    );
  if (result.code !== 0) throw new GitError(args, result.code, result.stderr);
  const out = result.stdout.trim();
  const line = out.split("\n").find((l) => l.endsWith(`\trefs/heads/${branch}`));
  return line ? line.slice(0, line.indexOf("\t")) : null;
}

export async function inspectForcePush(
  cwd: string,
  remote: string,
  branch: string,
  options: ForcePushOptions = {},
): Promise<ForcePushInspection> {
  const git = options.git ?? processGit;
  checkNames(remote, branch);
  const { top } = await repoPaths(cwd, git);
  const localSha = await git.out(top, ["rev-parse", "--verify", `${options.localRef ?? branch}^{commit}`]);
  const remoteSha = await remoteHead(top, remote, branch, options);
  const result: ForcePushInspection = { remote, branch, remoteSha, localSha, lost: [] };
  if (!remoteSha) return result;
  // Objects only: no ref is created or moved by the inspection.
  await git.run(top, [...FETCH, remote, `refs/heads/${branch}`], {
    timeoutMs: options.timeoutMs,
    env: lookupEnv(options),
  });
  const log = await git.out(top, ["log", "--format=%H%x1f%an%x1f%s", remoteSha, `^${localSha}`, "--"]);
  for (const line of log.split("\n")) {
    const [sha, author, subject] = line.split("\x1f");
    if (sha && author !== undefined && subject !== undefined) result.lost.push({ sha, author, subject });
  }
  return result;
}

/** Fetches the remote branch into refs/tandem/backups/push/<remote>/<branch>/<stamp> so its commits are kept. */
export async function backupRemoteRef(
  cwd: string,
  remote: string,
  branch: string,
  options: ForcePushOptions = {},
): Promise<RemoteRefBackup> {
  const git = options.git ?? processGit;
  checkNames(remote, branch);
  const { top } = await repoPaths(cwd, git);
  const newSha = await git.out(top, ["rev-parse", "--verify", `${options.localRef ?? branch}^{commit}`]);
  const record: RemoteRefBackup = {
    kind: "remote-ref",
    repo: top,
    created_at: new Date().toISOString(),
    remote,
    branch,
    old_sha: null,
    new_sha: newSha,
    backup_ref: null,
  };
  const oldSha = await remoteHead(top, remote, branch, options);
  if (!oldSha) return record;
  const backupRef = `${options.refPrefix ?? BACKUP_REF_PREFIX}/push/${refSafe(remote)}/${refSafe(branch)}/${stamp()}`;
  await git.run(top, [...FETCH, remote, `+refs/heads/${branch}:${backupRef}`], {
    timeoutMs: options.timeoutMs,
    env: lookupEnv(options),
  });
  record.old_sha = await git.out(top, ["rev-parse", "--verify", backupRef]);
  record.backup_ref = backupRef;
  return record;
}

/**
 * Pushes the old value back with `--force-with-lease=<branch>:<newSha>`: refused (nothing changed) if someone
 * pushed to the branch after the force push. `expect` overrides the lease value.
 */
export async function restoreRemoteRef(
  record: RemoteRefBackup,
  options: { expect?: string; timeoutMs?: number; git?: UserGit } = {},
): Promise<RestoreReport> {
  const git = options.git ?? processGit;
  checkNames(record.remote, record.branch);
  const lease = `--force-with-lease=refs/heads/${record.branch}:${options.expect ?? record.new_sha}`;
  const source = record.old_sha ?? ""; // no old value: the branch did not exist, so delete it again
  const result = await git.run(
    record.repo,
    [
      "push",
      "--quiet",
      "--no-verify",
      "--porcelain",
      lease,
      "--",
      record.remote,
      `${source}:refs/heads/${record.branch}`,
    ],
    { timeoutMs: options.timeoutMs, okCodes: [0, 1] },
  );
  if (result.code !== 0) {
    return {
      restored: [],
      conflicts: [`${record.remote} refs/heads/${record.branch}`],
      notes: [
        `The remote branch was not restored: ${result.stderr.trim() || result.stdout.trim()}. ` +
          `The old commits are kept locally in ${record.backup_ref ?? "(none)"}; push them by hand if still wanted.`,
      ],
    };
  }
  return { restored: [`${record.remote} refs/heads/${record.branch}`], conflicts: [], notes: [] };
}
