/**
 * Guards inside writable roots: what keeps a sandboxed command from planting code that git (or tandem) later
 * runs outside the sandbox, or from redirecting where git reads its config. For every git dir in a writable
 * root (the top repository's, its submodules' under `modules/`, its linked worktrees', and each nested
 * repository recorded as a gitlink in an index) the entries of GIT_DIR_ENTRIES are read-only, or, when missing,
 * blocked by a placeholder or watched for the check after the command (settle.ts). Objects, refs, the index and
 * lock files stay writable. `.tandem` is read-only; a missing `.git` or `.tandem` at the workspace cannot be
 * created.
 */
import { accessSync, constants, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { type GitlinkCache, readGitlinksCached } from "./git-index.ts";
import { isInside, kindOf, realOrSelf } from "./paths.ts";
import type { Guard } from "./policy.ts";
import { GIT_DIR_ENTRIES, GIT_ENTRY, PROJECT_CONFIG_DIR, WORKTREE_ENTRIES } from "./protected-paths.ts";

export interface WatchedRepo {
  worktree: string;
  /** Its git dir at command start, when it had one. */
  gitDir?: string;
  /** Object id size in its index: 20 (SHA-1) or 32 (SHA-256). */
  hashBytes: number;
}

/** What the check after the command looks at (settle.ts). */
export interface GitWatch {
  /** Protected entries missing at command start that must still be missing (else they are quarantined). */
  missing: Array<{ path: string; why: string }>;
  /** Work trees whose `.git` and whose index's gitlinks must lead to git dirs in `trusted`. */
  repos: WatchedRepo[];
  /** Real paths of the git dirs guarded at command start (or not writable at all), with their inode. */
  trusted: Map<string, number>;
  /** Gitlinks read per index file (shared by the sandbox's commands: an unchanged index is not read again). */
  gitlinks: GitlinkCache;
}

export interface GitGuards {
  /** In mount order: a parent before anything inside it. */
  guards: Guard[];
  watch: GitWatch;
}

/** Nested repositories are followed this deep (submodules of submodules of ...). */
const MAX_DEPTH = 3;
/** Git dirs guarded one by one; past this, further ones are read-only as a whole (mounts cost time). */
const MAX_GIT_DIRS = 64;

interface Context {
  writable: string[];
  guards: Guard[];
  watch: GitWatch;
  /** Git dirs still to be guarded one by one. */
  budget: number;
}

/** The directory a `.git` file (worktree, submodule) points to, if it names one. */
export function gitdirFromFile(gitFile: string): string | undefined {
  try {
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(gitFile, "utf8"));
    if (!match?.[1]) return undefined;
    return resolve(dirname(gitFile), match[1]);
  } catch {
    return undefined;
  }
}

/** `core.hooksPath` from a git config file, if set (last one wins, as in git). */
export function hooksPathFromConfig(configText: string): string | undefined {
  let section = "";
  let found: string | undefined;
  for (const raw of configText.split("\n")) {
    const line = raw.trim();
    const header = /^\[\s*([^\]\s]+)[^\]]*\]/.exec(line);
    if (header?.[1]) {
      section = header[1].toLowerCase();
      continue;
    }
    const entry = /^hookspath\s*=\s*(.*)$/i.exec(line);
    if (section === "core" && entry?.[1] !== undefined) {
      found = entry[1].replace(/^"(.*)"$/, "$1").trim();
    }
  }
  return found || undefined;
}

const inodeOf = (path: string) => statSync(path, { throwIfNoEntry: false })?.ino ?? -1;
const writableIn = (ctx: Context, path: string) => ctx.writable.some((w) => isInside(path, w));

/** Whether we can create `path`: its nearest existing folder is writable to us (bubblewrap makes it as us). */
function creatable(path: string): boolean {
  let dir = dirname(path);
  while (kindOf(dir) === "missing" && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a missing entry from being created: a read-only placeholder mounted there. In a folder we cannot write
 * (chmod -w, a read-only mount) bubblewrap cannot make the mount point, and the command cannot create the entry
 * either without first changing the folder's mode; so it is watched instead, and one the command created is
 * moved aside right after it (settle.ts).
 */
function blockCreate(ctx: Context, path: string, type: "dir" | "file", why: string): void {
  if (creatable(path)) ctx.guards.push({ kind: "block-create", path, type, why });
  else ctx.watch.missing.push({ path, why });
}

/**
 * A hooks directory inside the workspace (core.hooksPath, or a symlinked .git/hooks) is as dangerous as
 * .git/hooks itself. husky's `.husky/_` shims run the scripts in `.husky/`, so for a `_` leaf the parent is guarded.
 */
function guardHooksDir(dir: string, ctx: Context): void {
  const real = realOrSelf(dir);
  const target = real.endsWith(`${sep}_`) ? dirname(real) : real;
  if (!writableIn(ctx, target)) return;
  const kind = kindOf(target);
  const why = "a hooks directory git runs programs from";
  if (kind === "missing") blockCreate(ctx, target, "dir", why);
  else ctx.guards.push({ kind: "read-only", path: target, type: kind === "file" ? "file" : "dir", why });
}

/** Freezes a git dir as a whole: nothing in it can change (used for odd or too many git dirs). */
function freeze(gitDir: string, ctx: Context, why: string): void {
  ctx.guards.push({ kind: "read-only", path: gitDir, type: "dir", why });
}

/** Guards one git dir; `worktree` (when known) is where its index's gitlinks are checked out. */
function guardGitDir(path: string, worktree: string | undefined, ctx: Context, depth: number): void {
  const gitDir = realOrSelf(path);
  if (ctx.watch.trusted.has(gitDir)) return;
  ctx.watch.trusted.set(gitDir, inodeOf(gitDir));
  let configText = "";
  try {
    configText = readFileSync(join(gitDir, "config"), "utf8");
  } catch {
    configText = "";
  }
  // Outside the writable roots a git dir is read-only already; its gitlinks may still lead inside them.
  if (writableIn(ctx, gitDir)) guardEntries(gitDir, worktree, configText, ctx);
  const hashBytes = /^\s*objectformat\s*=\s*sha256\s*$/im.test(configText) ? 32 : 20;
  const common = kindOf(join(gitDir, "commondir")) === "file" ? readCommonDir(gitDir) : undefined;
  if (common) guardGitDir(common, undefined, ctx, depth + 1);
  if (worktree) {
    const links = readGitlinksCached(ctx.watch.gitlinks, join(gitDir, "index"), hashBytes);
    ctx.watch.repos.push({ worktree, gitDir, hashBytes });
    if (depth < MAX_DEPTH) {
      for (const link of links) guardCheckout(join(worktree, ...link.split("/")), ctx, depth + 1);
    }
  }
  if (writableIn(ctx, gitDir)) {
    guardWorktrees(join(gitDir, "worktrees"), ctx);
    guardModules(join(gitDir, "modules"), ctx, depth);
  }
}

/** The protected entries of a writable git dir: read-only, placeholders, or watched. */
function guardEntries(gitDir: string, worktree: string | undefined, configText: string, ctx: Context): void {
  const entries = GIT_DIR_ENTRIES.map((e) => ({
    ...e,
    at: join(gitDir, e.path),
    kind: kindOf(join(gitDir, e.path)),
  }));
  const linked = entries.filter((e) => e.kind === "symlink");
  for (const e of linked) {
    if (e.path === "hooks") guardHooksDir(e.at, ctx);
    else if (writableIn(ctx, realOrSelf(e.at)))
      ctx.guards.push({ kind: "read-only", path: realOrSelf(e.at), type: e.type, why: e.why });
  }
  if (kindOf(join(gitDir, "HEAD")) === "missing" || linked.length > 0 || ctx.budget <= 0) {
    // Not a repository (yet), a symlinked entry (the link itself could be swapped), or too many to guard one by
    // one: nothing inside needs writing badly enough, so freeze all of it.
    freeze(gitDir, ctx, "a git dir tandem does not guard entry by entry");
    return;
  }
  ctx.budget--;
  ctx.guards.push({ kind: "pin", path: gitDir });
  for (const e of entries) {
    if (e.kind === "missing") {
      if (e.missing === "watch") ctx.watch.missing.push({ path: e.at, why: e.why });
      else blockCreate(ctx, e.at, e.type, e.why);
      continue;
    }
    // A mount point cannot be renamed, but its parent can: pin the folders between (objects, objects/info).
    for (let dir = dirname(e.at); dir.length > gitDir.length; dir = dirname(dir)) {
      ctx.guards.push({ kind: "pin", path: dir });
    }
    ctx.guards.push({ kind: "read-only", path: e.at, type: e.kind === "dir" ? "dir" : "file", why: e.why });
  }
  const hooksPath = hooksPathFromConfig(configText);
  if (hooksPath && !hooksPath.startsWith("~")) guardHooksDir(resolve(worktree ?? gitDir, hooksPath), ctx);
}

/** The common git dir a `commondir` file names (linked worktrees), resolved against the git dir. */
export function readCommonDir(gitDir: string): string | undefined {
  try {
    const text = readFileSync(join(gitDir, "commondir"), "utf8").trim();
    return text ? resolve(gitDir, text) : undefined;
  } catch {
    return undefined;
  }
}

/** The `.git` of a checkout (the workspace, a submodule, a nested repository): a dir, pointer file or link. */
function guardCheckout(worktree: string, ctx: Context, depth: number, blockMissing = false): void {
  const git = join(worktree, GIT_ENTRY);
  switch (kindOf(git)) {
    case "missing":
      // Otherwise the command could `git init` here with a hook or `core.fsmonitor` that runs, unsandboxed,
      // the next time the user (or tandem's checkpoints) run git in this folder.
      if (blockMissing) blockCreate(ctx, git, "dir", "a repository must not appear");
      break;
    case "dir":
      guardGitDir(git, worktree, ctx, depth);
      break;
    case "file": {
      if (writableIn(ctx, git))
        ctx.guards.push({
          kind: "read-only",
          path: git,
          type: "file",
          why: "a .git pointer names the git dir",
        });
      const target = gitdirFromFile(git);
      if (target) guardGitDir(target, worktree, ctx, depth);
      break;
    }
    case "symlink":
      // The link itself stays replaceable; the check after the command notices a swapped one.
      guardGitDir(realOrSelf(git), worktree, ctx, depth);
      break;
  }
  if (depth > 0 && !ctx.watch.repos.some((r) => r.worktree === worktree))
    ctx.watch.repos.push({ worktree, hashBytes: 20 });
}

/** `worktrees/<id>/{commondir,gitdir,config.worktree}` say where each linked worktree's git reads from. */
function guardWorktrees(dir: string, ctx: Context): void {
  if (kindOf(dir) !== "dir") return;
  ctx.guards.push({ kind: "pin", path: dir });
  for (const id of safeReaddir(dir)) {
    const admin = join(dir, id);
    if (kindOf(admin) !== "dir") continue;
    ctx.guards.push({ kind: "pin", path: admin });
    for (const name of WORKTREE_ENTRIES) {
      const p = join(admin, name);
      const kind = kindOf(p);
      const why = "a linked worktree's pointer to where its git reads from";
      if (kind === "missing") ctx.watch.missing.push({ path: p, why });
      else if (kind === "symlink") freeze(admin, ctx, why);
      else ctx.guards.push({ kind: "read-only", path: p, type: kind, why });
    }
  }
}

/** Submodule git dirs live in `modules/<name>` (names with slashes nest folders; nested ones go deeper). */
function guardModules(dir: string, ctx: Context, depth: number): void {
  if (depth > MAX_DEPTH || kindOf(dir) !== "dir") return;
  ctx.guards.push({ kind: "pin", path: dir });
  for (const name of safeReaddir(dir)) {
    const sub = join(dir, name);
    if (kindOf(sub) !== "dir") continue;
    if (kindOf(join(sub, "HEAD")) !== "missing") guardGitDir(sub, undefined, ctx, depth + 1);
    else guardModules(sub, ctx, depth + 1);
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Guards for the writable roots (real paths, workspace first). Only the workspace (not `extraWritable` caches,
 * which would collect empty placeholder dirs) also stops a missing `.git` or `.tandem` from being created.
 */
export function buildGitGuards(
  writable: string[],
  workspace: string,
  gitlinks: GitlinkCache = new Map(),
): GitGuards {
  const ctx: Context = {
    writable,
    guards: [],
    watch: { missing: [], repos: [], trusted: new Map(), gitlinks },
    budget: MAX_GIT_DIRS,
  };
  for (const root of writable) {
    const blockMissing = root === workspace;
    guardCheckout(root, ctx, 0, blockMissing);
    if (!ctx.watch.repos.some((r) => r.worktree === root))
      ctx.watch.repos.push({ worktree: root, hashBytes: 20 });
    guardProjectConfig(root, ctx, blockMissing);
  }
  // bubblewrap mounts in order and a later mount hides earlier ones below it: parents first.
  const depth = (g: Guard) => g.path.split(sep).length;
  const guards = ctx.guards.map((g, i) => ({ g, i })).sort((a, b) => depth(a.g) - depth(b.g) || a.i - b.i);
  const frozen = ctx.guards.filter((g) => g.kind !== "pin" && g.type === "dir").map((g) => g.path);
  const seen = new Set<string>();
  const ordered = guards
    .map(({ g }) => g)
    .filter((g) => {
      const key = `${g.kind} ${g.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      // A pin is a writable bind: inside a read-only folder it would make part of it writable again.
      return g.kind !== "pin" || !frozen.some((f) => isInside(g.path, f));
    });
  return { guards: ordered, watch: ctx.watch };
}

function guardProjectConfig(root: string, ctx: Context, blockMissing: boolean): void {
  const tandem = join(root, PROJECT_CONFIG_DIR);
  const why = "tandem's project config and rules";
  const kind = kindOf(tandem);
  if (kind === "missing") {
    if (blockMissing) blockCreate(ctx, tandem, "dir", why);
  } else if (kind === "symlink") {
    const target = realOrSelf(tandem);
    const type = kindOf(target) === "dir" ? "dir" : "file";
    if (writableIn(ctx, target)) ctx.guards.push({ kind: "read-only", path: target, type, why });
  } else ctx.guards.push({ kind: "read-only", path: tandem, type: kind, why });
}
