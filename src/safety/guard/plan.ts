/**
 * The destructive-action guard's plan for one shell command: what each destructive part would destroy
 * (computed with the backup inspectors, never guessed), whether a backup primitive can make it reversible,
 * and the backup to run before it. Parts no primitive covers are `irreversible`; parts that touch paths
 * outside the workspace are `outside` (never run without the user's yes).
 */

import path from "node:path";
import { clip } from "../../util/clip.ts";
import { messageOf } from "../../util/message-of.ts";
import type { CommandAnalysis, CommandPart } from "../analysis/index.ts";
import {
  type BackupRecord,
  backupPaths,
  backupRefs,
  backupRemoteRef,
  backupStashes,
  backupUncommitted,
  inspectForcePush,
  inspectGitClean,
  inspectRefDelete,
  inspectResetHard,
  inspectRm,
  inspectStashDrop,
  type PathInfo,
  type RefKind,
  trashPaths,
} from "../backup/index.ts";
import { processGit, type UserGit } from "../backup/repo.ts";
import { gitSubArgs, operands, pushTargets } from "./git-args.ts";
import { planGitData, planObjectPrune, planRefDelete } from "./git-data.ts";

export interface PartPlan {
  /** What it would destroy, one line each, for the model and the user. */
  impact: string[];
  /** False when no backup primitive covers it. */
  reversible: boolean;
  /** True when it writes or deletes outside the workspace. */
  outside: boolean;
  /** Makes it reversible; runs right before the command. */
  backup?: () => Promise<BackupRecord[]>;
  /** A safer equivalent of the command text (force push → --force-with-lease). */
  rewrite?: (command: string) => string;
}

export interface GuardPlan {
  impact: string[];
  reversible: boolean;
  outside: boolean;
  backup(): Promise<BackupRecord[]>;
  rewrite(command: string): string;
}

export interface PlanOptions {
  /** The call's directory (parts without a known cwd run here). */
  cwd: string;
  workspace: string;
  /** Where trashed and copied paths go. */
  trashDir: string;
  /**
   * Whether the guard's own remote look-ups (force push) may use the network. Default false: only what a
   * network-less sandboxed command could reach itself (repositories on this machine).
   */
  network?: boolean;
  /**
   * The git of the user's repository for the inspections and backups: a session's is made from its environment
   * (`createUserGit(env)`). Default the process's (`processGit`).
   */
  git?: UserGit;
}

const OUTSIDE_RULES = new Set([
  "rm-outside-workspace",
  "write-outside-workspace",
  "redirect-outside-workspace",
  "chmod-recursive-outside",
]);
/** Rules whose whole effect, on a part that touches .git, is on the paths a snapshot keeps. */
const GIT_DATA_COVERED = new Set([
  "git-data",
  "redirect-git-data",
  "rm-recursive",
  "truncate-shrink",
  "shred",
  "find-delete",
  "dd-output",
]);
const UNCOMMITTED_RULES = new Set([
  "git-reset-hard",
  "git-checkout-paths",
  "git-restore-worktree",
  "git-switch-discard",
]);

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const MAX_LISTED = 20;

export function listPaths(paths: PathInfo[]): string {
  const shown = paths.slice(0, MAX_LISTED).map((p) => {
    const size = `${p.files} file${p.files === 1 ? "" : "s"}, ${formatBytes(p.bytes)}${p.partial ? "+" : ""}`;
    return p.type === "dir" ? `${p.path} (${size})` : `${p.path} (${formatBytes(p.bytes)})`;
  });
  const more = paths.length > MAX_LISTED ? `, and ${paths.length - MAX_LISTED} more` : "";
  return `${shown.join(", ")}${more}`;
}

export function label(part: CommandPart): string {
  const text = part.argv.join(" ");
  return clip(text, 80);
}

async function planRm(part: CommandPart, cwd: string, options: PlanOptions): Promise<PartPlan> {
  const targets = operands(part.argv.slice(1));
  const found = await inspectRm(cwd, targets, options.workspace);
  const impact: string[] = [];
  if (found.inside.length) {
    impact.push(
      `${label(part)} would delete ${found.totals.files} files: ${listPaths(found.inside)}${found.outside.length ? "" : " (inside the workspace)"}`,
    );
  }
  if (found.outside.length)
    impact.push(`${label(part)} would delete OUTSIDE the workspace: ${listPaths(found.outside)}`);
  if (!found.inside.length && !found.outside.length)
    impact.push(`${label(part)}: none of its paths exist now`);
  const inside = found.inside.map((p) => p.absolute);
  const workspaceItself = found.inside.some(
    (p) => path.resolve(p.absolute) === path.resolve(options.workspace),
  );
  return {
    impact,
    // Moving the workspace root itself away would pull the floor from under the session.
    reversible: found.outside.length === 0 && !workspaceItself,
    outside: found.outside.length > 0,
    backup: async () => (inside.length ? [await trashPaths(cwd, inside, options.trashDir)] : []),
  };
}

async function planUncommitted(part: CommandPart, cwd: string, git: UserGit): Promise<PartPlan> {
  const found = await inspectResetHard(cwd, git);
  const names = found.files.slice(0, MAX_LISTED).map((f) => `${f.staged ?? f.unstaged ?? "M"} ${f.path}`);
  const more = found.files.length > MAX_LISTED ? `, and ${found.files.length - MAX_LISTED} more` : "";
  const impact = found.wouldLoseWork
    ? [
        `${label(part)} would discard ${found.files.length} uncommitted change${found.files.length === 1 ? "" : "s"} in ${found.repo}: ${names.join(", ")}${more}`,
      ]
    : [`${label(part)}: no uncommitted changes in ${found.repo} would be lost now`];
  return {
    impact,
    reversible: true,
    outside: false,
    backup: async () => [await backupUncommitted(cwd, { git })],
  };
}

async function planClean(
  part: CommandPart,
  cwd: string,
  options: PlanOptions,
  git: UserGit,
): Promise<PartPlan> {
  const args = gitSubArgs(part.argv, "clean") ?? [];
  const found = await inspectGitClean(cwd, args, git);
  const impact = found.paths.length
    ? [
        `${label(part)} would delete ${found.totals.files} files (${formatBytes(found.totals.bytes)}), by git's own dry run: ${listPaths(found.paths)}`,
      ]
    : [`${label(part)}: git's dry run lists nothing to delete now`];
  const paths = found.paths.map((p) => p.absolute);
  return {
    impact,
    reversible: true,
    outside: false,
    backup: async () => (paths.length ? [await backupPaths(cwd, paths, options.trashDir)] : []),
  };
}

async function planForcePush(
  part: CommandPart,
  cwd: string,
  network: boolean,
  git: UserGit,
): Promise<PartPlan> {
  const args = gitSubArgs(part.argv, "push") ?? [];
  const targets = await pushTargets(cwd, args, git);
  const impact: string[] = [];
  const leases: string[] = [];
  for (const t of targets) {
    const found = await inspectForcePush(cwd, t.remote, t.branch, { localRef: t.localRef, network, git });
    if (found.lost.length) {
      const commits = found.lost
        .slice(0, MAX_LISTED)
        .map((c) => `${c.sha.slice(0, 10)} "${c.subject}" (${c.author})`)
        .join(", ");
      impact.push(
        `${label(part)} would rewrite ${t.remote}/${t.branch} (${found.remoteSha?.slice(0, 10)} → ${found.localSha.slice(0, 10)}); ${found.lost.length} commit${found.lost.length === 1 ? "" : "s"} would become unreachable on the remote: ${commits}`,
      );
    } else impact.push(`${label(part)}: no commits on ${t.remote}/${t.branch} would be lost now`);
    leases.push(`--force-with-lease=${t.branch}:${found.remoteSha ?? ""}`);
  }
  return {
    impact,
    reversible: true,
    outside: false,
    backup: async () => {
      const out: BackupRecord[] = [];
      for (const t of targets)
        out.push(await backupRemoteRef(cwd, t.remote, t.branch, { localRef: t.localRef, network, git }));
      return out;
    },
    // Only a plain `--force`/`-f` word is replaced; `+refspec` or clustered flags keep their meaning.
    rewrite: (command) =>
      leases.length === 1
        ? command.replace(
            /(\bgit\b[^;&|\n]*?\spush\s(?:[^;&|\n]*?\s)?)(--force|-f)(?=\s|$)/,
            `$1${leases[0]}`,
          )
        : command,
  };
}

async function planRefs(part: CommandPart, cwd: string, kind: RefKind, git: UserGit): Promise<PartPlan> {
  const sub = kind === "branch" ? "branch" : "tag";
  const names = operands(gitSubArgs(part.argv, sub) ?? []);
  const found = await inspectRefDelete(cwd, names, kind, git);
  const impact = found.map((r) =>
    r.sha
      ? `${label(part)} would delete ${r.ref} at ${r.sha.slice(0, 10)}${r.uniqueCommits ? ` (${r.uniqueCommits} commits only it reaches: ${r.sample.slice(0, 5).join("; ")})` : ""}`
      : `${label(part)}: ${r.ref} does not exist`,
  );
  return {
    impact,
    reversible: true,
    outside: false,
    backup: async () => [await backupRefs(cwd, names, kind, { git })],
  };
}

async function planStash(
  part: CommandPart,
  cwd: string,
  earlier: CommandPart[],
  git: UserGit,
): Promise<PartPlan> {
  // An earlier part of the same command line that changes anything (`git stash && git stash drop`) runs before
  // the drop, so the entry dropped may not exist yet: `stash@{0}` is then the entry that part creates from the
  // uncommitted work. Backed up: every current entry, and the uncommitted work any new entry is made from.
  const first = earlier.find((p) => p.risk !== "read-only");
  const args = gitSubArgs(part.argv, "stash") ?? [];
  const entries = await inspectStashDrop(cwd, first ? ["clear"] : args, git);
  const list = entries
    .slice(0, MAX_LISTED)
    .map((e) => `${e.name} "${e.message}"`)
    .join(", ");
  if (first) {
    const work = await inspectResetHard(cwd, git);
    const files = work.files.slice(0, MAX_LISTED).map((f) => f.path);
    return {
      impact: [
        `${label(part)} runs after \`${label(first)}\`, which may change the stash first: the entry it drops may be a new one holding your uncommitted changes${files.length ? ` (${files.join(", ")})` : ""}${entries.length ? `, or one of: ${list}` : ""}`,
      ],
      reversible: true,
      outside: false,
      backup: async () => [await backupStashes(cwd, entries, git), await backupUncommitted(cwd, { git })],
    };
  }
  const impact = entries.length
    ? [
        `${label(part)} would delete ${entries.length} stash entr${entries.length === 1 ? "y" : "ies"}: ${list}`,
      ]
    : [`${label(part)}: no such stash entry now`];
  return {
    impact,
    reversible: true,
    outside: false,
    backup: async () => [await backupStashes(cwd, entries, git)],
  };
}

async function planPart(part: CommandPart, options: PlanOptions, earlier: CommandPart[]): Promise<PartPlan> {
  const cwd = part.cwd ?? options.cwd;
  const git = options.git ?? processGit;
  const rules = new Set(part.rules);
  const outside = part.rules.some((r) => OUTSIDE_RULES.has(r));
  const known = part.rules.length === 1 || (rules.has("rm-recursive") && rules.has("rm-outside-workspace"));
  try {
    // Deleting or overwriting .git internals: `rm` through the trash (whatever else it deletes), anything
    // else through an exact copy of the git data (the analysis names it only when that is all it writes).
    if (part.gitData?.length && part.rules.every((r) => GIT_DATA_COVERED.has(r))) {
      const name = path.basename(part.argv[0] ?? "");
      if ((name === "rm" || name === "unlink") && !outside) {
        const plan = await planRm(part, cwd, options);
        plan.impact.push(
          `${part.gitData.join(", ")}: git's own data, which checkpoints do not cover; it goes to the trash so \`tandem undo\` restores it`,
        );
        return plan;
      }
      return await planGitData(part, part.gitData, options);
    }
    if (known && !outside && part.rules[0] === "git-ref-delete") return await planRefDelete(part, cwd, git);
    if (known && !outside && part.rules[0] === "git-object-prune")
      return await planObjectPrune(part, cwd, options, git);
    if (rules.has("rm-recursive") && known) {
      const plan = await planRm(part, cwd, options);
      return { ...plan, outside: plan.outside || outside, reversible: plan.reversible && !outside };
    }
    if (known && !outside) {
      const rule = part.rules[0] ?? "";
      if (UNCOMMITTED_RULES.has(rule)) return await planUncommitted(part, cwd, git);
      if (rule === "git-clean") return await planClean(part, cwd, options, git);
      if (rule === "git-push-force") return await planForcePush(part, cwd, options.network ?? false, git);
      if (rule === "git-branch-force-delete") return await planRefs(part, cwd, "branch", git);
      if (rule === "git-tag-delete") return await planRefs(part, cwd, "tag", git);
      if (rule === "git-stash-drop") return await planStash(part, cwd, earlier, git);
    }
  } catch (error) {
    const why = messageOf(error).split("\n")[0];
    return {
      impact: [`${label(part)}: could not compute what it would destroy (${why})`],
      reversible: false,
      outside,
    };
  }
  return { impact: part.reasons.map((r) => `${label(part)}: ${r}`), reversible: false, outside };
}

/** Plans every destructive part of an analysed command. */
export async function planGuard(analysis: CommandAnalysis, options: PlanOptions): Promise<GuardPlan> {
  const plans: PartPlan[] = [];
  for (const [i, part] of analysis.commands.entries()) {
    if (part.risk === "destructive") plans.push(await planPart(part, options, analysis.commands.slice(0, i)));
  }
  if (plans.length === 0) {
    plans.push({ impact: analysis.reasons, reversible: false, outside: false });
  }
  return {
    impact: plans.flatMap((p) => p.impact),
    reversible: plans.every((p) => p.reversible),
    outside: plans.some((p) => p.outside),
    async backup() {
      const out: BackupRecord[] = [];
      for (const p of plans) if (p.backup) out.push(...(await p.backup()));
      return out;
    },
    rewrite: (command) => plans.reduce((text, p) => (p.rewrite ? p.rewrite(text) : text), command),
  };
}
