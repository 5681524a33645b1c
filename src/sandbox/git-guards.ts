/**
 * Guards inside a writable root: what keeps the sandboxed command from planting code that git (or tandem)
 * later runs outside the sandbox. Protects `.git/hooks`, `.git/config`, a `core.hooksPath` inside the
 * workspace, submodule hooks and config, a `.git` pointer file, and `.tandem`; a missing `.git` or `.tandem`
 * cannot be created.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { isInside, kindOf, realOrSelf } from "./paths.ts";
import type { Guard } from "./policy.ts";

/** The directory a `.git` file (worktree, submodule) points to, if it names one. */
function gitdirFromFile(gitFile: string): string | undefined {
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

/**
 * A hooks directory inside the workspace (core.hooksPath, or a symlinked .git/hooks) is as dangerous as
 * .git/hooks itself. husky's `.husky/_` shims run the scripts in `.husky/`, so for a `_` leaf the parent is guarded.
 */
function guardHooksDir(dir: string, writable: string[], guards: Guard[]): void {
  const real = realOrSelf(dir);
  const target = real.endsWith(`${sep}_`) ? dirname(real) : real;
  if (!writable.some((w) => isInside(target, w))) return;
  const kind = kindOf(target);
  if (kind === "missing") guards.push({ kind: "block-create", path: target, type: "dir" });
  else guards.push({ kind: "read-only", path: target, type: kind === "file" ? "file" : "dir" });
}

/** Guards for one real git directory that lives inside a writable root. */
function guardGitDir(gitDir: string, root: string, writable: string[], guards: Guard[]): void {
  const hooks = join(gitDir, "hooks");
  const config = join(gitDir, "config");
  const hooksKind = kindOf(hooks);
  const configKind = kindOf(config);
  if (hooksKind === "symlink") guardHooksDir(hooks, writable, guards);
  if (configKind === "symlink" && writable.some((w) => isInside(realOrSelf(config), w))) {
    guards.push({ kind: "read-only", path: realOrSelf(config), type: "file" });
  }
  if (kindOf(join(gitDir, "HEAD")) === "missing" || hooksKind === "symlink" || configKind === "symlink") {
    // Not a repository yet (or an odd one): nothing inside needs writing, so freeze all of it.
    guards.push({ kind: "read-only", path: gitDir, type: "dir" });
    return;
  }
  guards.push({ kind: "pin", path: gitDir });
  guards.push(
    hooksKind === "missing"
      ? { kind: "block-create", path: hooks, type: "dir" }
      : { kind: "read-only", path: hooks, type: hooksKind },
  );
  guards.push(
    configKind === "missing"
      ? { kind: "block-create", path: config, type: "file" }
      : { kind: "read-only", path: config, type: configKind },
  );
  if (configKind === "file") {
    let hooksPath: string | undefined;
    try {
      hooksPath = hooksPathFromConfig(readFileSync(config, "utf8"));
    } catch {
      hooksPath = undefined;
    }
    if (hooksPath && !hooksPath.startsWith("~")) guardHooksDir(resolve(root, hooksPath), writable, guards);
  }
  guardSubmodules(join(gitDir, "modules"), guards, 0);
}

/** Submodule git dirs live in `.git/modules/<name>` (nested ones deeper); their hooks run on `git` too. */
function guardSubmodules(dir: string, guards: Guard[], depth: number): void {
  if (depth > 3 || kindOf(dir) !== "dir") return;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const sub = join(dir, name);
    if (kindOf(sub) !== "dir") continue;
    if (kindOf(join(sub, "HEAD")) !== "missing") {
      for (const [entry, type] of [
        ["hooks", "dir"],
        ["config", "file"],
      ] as const) {
        const p = join(sub, entry);
        if (kindOf(p) !== "missing") guards.push({ kind: "read-only", path: p, type });
      }
      guardSubmodules(join(sub, "modules"), guards, depth + 1);
    } else {
      guardSubmodules(sub, guards, depth + 1); // names with slashes nest directories
    }
  }
}

/** Guards for one writable root: its `.git` and `.tandem`. */
/**
 * Guards for one writable root. `blockMissing` (the workspace; not `extraWritable` caches, which would collect
 * empty placeholder dirs) also stops a missing `.git` or `.tandem` from being created.
 */
export function guardRoot(root: string, writable: string[], guards: Guard[], blockMissing: boolean): void {
  const git = join(root, ".git");
  switch (kindOf(git)) {
    case "missing":
      // Otherwise the command could `git init` here with a hook or `core.fsmonitor` that runs, unsandboxed,
      // the next time the user (or tandem's checkpoints) run git in this folder.
      if (blockMissing) guards.push({ kind: "block-create", path: git, type: "dir" });
      break;
    case "dir":
      guardGitDir(git, root, writable, guards);
      break;
    case "file": {
      guards.push({ kind: "read-only", path: git, type: "file" });
      const target = gitdirFromFile(git);
      if (target && writable.some((w) => isInside(realOrSelf(target), w))) {
        guards.push({ kind: "read-only", path: realOrSelf(target), type: "dir" });
      }
      break;
    }
    case "symlink": {
      // A mount lands on the link's target; the link itself stays replaceable (documented limitation).
      const target = realOrSelf(git);
      if (writable.some((w) => isInside(target, w)))
        guards.push({ kind: "read-only", path: target, type: "dir" });
      break;
    }
  }
  const tandem = join(root, ".tandem");
  const tandemKind = kindOf(tandem);
  if (tandemKind === "missing") {
    if (blockMissing) guards.push({ kind: "block-create", path: tandem, type: "dir" });
  } else if (tandemKind === "symlink") {
    const target = realOrSelf(tandem);
    const type = kindOf(target) === "dir" ? "dir" : "file";
    if (writable.some((w) => isInside(target, w))) guards.push({ kind: "read-only", path: target, type });
  } else guards.push({ kind: "read-only", path: tandem, type: tandemKind });
}
