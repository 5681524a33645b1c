/**
 * The check right after a sandboxed command, before tandem or anyone else runs git in the workspace. Some
 * redirections cannot be blocked by a mount without breaking git: a missing `commondir` can't get an empty
 * placeholder (git dies on an empty one), and a repository the command creates and adds as a gitlink is new, so
 * no guard existed for it. So after the command (all its processes are gone: bubblewrap's PID namespace ends with
 * it) this moves aside, in place, with a `.tandem-quarantine` suffix:
 * - a watched entry (GIT_DIR_ENTRIES with `missing: "watch"`) that the command created;
 * - in a git dir that was not guarded at command start but is now reachable from a watched repository (its
 *   `.git`, or a gitlink in its index): a config with any key outside the allowlist (safe-git-config.ts),
 *   `config.worktree`, a `commondir` leading to an unguarded git dir, alternates, and every hook;
 * - a linked worktree's `worktrees/<id>/commondir` that does not lead to a guarded git dir.
 * The window that remains: while the command runs, git started by someone else on the host can already follow
 * such a file.
 */

import { readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { messageOf } from "../util/message-of.ts";
import { gitdirFromFile, readCommonDir, type WatchedRepo } from "./git-guards.ts";
import { readGitlinks, readGitlinksCached } from "./git-index.ts";
import { isInside, kindOf, realOrSelf } from "./paths.ts";
import type { SandboxPolicy } from "./policy.ts";
import { unsafeConfigLines } from "./safe-git-config.ts";

const SUFFIX = ".tandem-quarantine";
const MAX_DEPTH = 3;

interface State {
  policy: SandboxPolicy;
  /** Where the command could write: the writable roots and the host folder behind /tmp. */
  places: string[];
  inspected: Set<string>;
  notes: string[];
}

/**
 * Runs the check for a command started under `policy`. Never throws: a failure becomes a note. Returns one note
 * per file moved aside (for the model and the user), empty when nothing was found.
 */
export function settleCommand(policy: SandboxPolicy): string[] {
  const watch = policy.watch;
  if (!watch) return [];
  const state: State = {
    policy,
    places: [...policy.writable, ...(policy.tmpDir ? [policy.tmpDir] : [])],
    inspected: new Set(),
    notes: [],
  };
  try {
    for (const entry of watch.missing) {
      if (kindOf(entry.path) !== "missing") quarantine(entry.path, entry.why, state);
    }
    for (const repo of watch.repos) checkRepo(repo, state);
  } catch (error) {
    state.notes.push(`tandem's check after the command failed (${messageOf(error)}); run git here with care`);
  }
  return state.notes;
}

function checkRepo(repo: WatchedRepo, state: State): void {
  const gitDir = checkCheckout(repo.worktree, state, 0);
  if (!gitDir || gitDir !== repo.gitDir) return; // a new git dir was inspected whole, gitlinks included
  checkWorktreeAdmins(gitDir, state);
  // Read again only if the command rewrote the index (a git add, or a git status refreshing it).
  const links = readGitlinksCached(
    state.policy.watch?.gitlinks ?? new Map(),
    join(gitDir, "index"),
    repo.hashBytes,
  );
  for (const link of links) checkCheckout(join(repo.worktree, ...link.split("/")), state, 1);
}

/** Resolves the checkout's git dir; inspects it when it was not guarded at command start. */
function checkCheckout(worktree: string, state: State, depth: number): string | undefined {
  const git = join(worktree, ".git");
  const kind = kindOf(git);
  if (kind === "missing") return undefined;
  const target = kind === "file" ? gitdirFromFile(git) : git;
  if (!target) return undefined;
  const gitDir = realOrSelf(target);
  const trusted = state.policy.watch?.trusted.get(gitDir);
  if (trusted !== undefined && trusted === (statSync(gitDir, { throwIfNoEntry: false })?.ino ?? -1))
    return gitDir;
  if (!state.places.some((p) => isInside(gitDir, p)) || state.inspected.has(gitDir)) return gitDir;
  state.inspected.add(gitDir);
  inspect(gitDir, state);
  if (depth < MAX_DEPTH) {
    for (const link of readGitlinks(join(gitDir, "index"))) {
      checkCheckout(join(worktree, ...link.split("/")), state, depth + 1);
    }
  }
  return gitDir;
}

/**
 * `worktrees/<id>/commondir` tells git in a linked worktree where its config is. Existing ones are read-only;
 * one the command added (`git worktree add` works inside) must lead back to a guarded git dir.
 */
function checkWorktreeAdmins(gitDir: string, state: State): void {
  const dir = join(gitDir, "worktrees");
  if (kindOf(dir) !== "dir") return;
  for (const id of readdirSync(dir)) {
    const admin = join(dir, id);
    if (kindOf(admin) !== "dir") continue;
    const common = readCommonDir(admin);
    if (
      kindOf(join(admin, "commondir")) !== "missing" &&
      !(common && state.policy.watch?.trusted.has(realOrSelf(common)))
    ) {
      quarantine(join(admin, "commondir"), "it moves where a linked worktree's git reads its config", state);
    }
  }
}

/** A git dir the command made or swapped in: move aside whatever could run a program or redirect git. */
function inspect(gitDir: string, state: State): void {
  const config = join(gitDir, "config");
  if (kindOf(config) !== "missing") {
    let text: string | undefined;
    try {
      text = kindOf(config) === "file" ? readFileSync(config, "utf8") : undefined;
    } catch {
      text = undefined;
    }
    const unsafe = text === undefined ? ["(not a plain file)"] : unsafeConfigLines(text);
    if (unsafe.length > 0) quarantine(config, `its git config sets ${unsafe.join(", ")}`, state);
  }
  for (const name of ["config.worktree", "objects/info/alternates", "objects/info/http-alternates"]) {
    const p = join(gitDir, name);
    if (kindOf(p) !== "missing") quarantine(p, "it redirects where git reads config or objects", state);
  }
  const common = readCommonDir(gitDir);
  if (
    kindOf(join(gitDir, "commondir")) !== "missing" &&
    !(common && state.policy.watch?.trusted.has(realOrSelf(common)))
  ) {
    quarantine(join(gitDir, "commondir"), "it moves where git reads its config and hooks", state);
  }
  const hooks = join(gitDir, "hooks");
  if (kindOf(hooks) === "dir") {
    for (const name of readdirSync(hooks)) {
      if (!name.endsWith(".sample") && !name.endsWith(SUFFIX))
        quarantine(join(hooks, name), "it is a git hook", state);
    }
  } else if (kindOf(hooks) !== "missing") quarantine(hooks, "it is a git hooks entry", state);
}

function quarantine(path: string, why: string, state: State): void {
  // Only what the command could have written: never rename a file in a folder it could not reach.
  if (!state.places.some((p) => isInside(realOrSelf(dirname(path)), p))) return;
  let target = `${path}${SUFFIX}`;
  if (kindOf(target) !== "missing") target = `${path}${SUFFIX}-${Date.now()}`;
  try {
    renameSync(path, target);
    state.notes.push(
      `[tandem] moved ${path} aside to ${target}: ${why}, and a sandboxed command must not leave that for git outside the sandbox. If it is wanted, the user can review it and move it back.`,
    );
  } catch (error) {
    state.notes.push(
      `[tandem] could not move ${path} aside (${messageOf(error)}): ${why}. Do not run git here until it is removed.`,
    );
  }
}
