/**
 * The shared predicate over protected-paths.ts: why a file tool (or anything running in tandem's own process)
 * may not change a path. The sandbox's own guards for the workspace are part of the answer, so a path the
 * sandbox protects is protected for every tool.
 */
import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import { relativeInside } from "../util/inside.ts";
import { buildGitGuards } from "./git-guards.ts";
import type { GitlinkCache } from "./git-index.ts";
import { isInside, realOrSelf } from "./paths.ts";
import { GIT_DIR_ENTRIES, GIT_ENTRY, PROJECT_CONFIG_DIR } from "./protected-paths.ts";

/** The path with every symlink resolved, also a dangling last one (a write through it creates its target). */
function resolveAll(path: string): string[] {
  const seen: string[] = [];
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    seen.push(current);
    let parent = current;
    const tail: string[] = [];
    let real: string | undefined;
    for (;;) {
      try {
        real = realpathSync(parent);
        break;
      } catch {
        const up = dirname(parent);
        if (up === parent) break;
        tail.unshift(parent.slice(up.length + (up.endsWith(sep) ? 0 : 1)));
        parent = up;
      }
    }
    const full = real ? join(real, ...tail) : current;
    let link: string | undefined;
    try {
      if (lstatSync(full).isSymbolicLink()) link = readlinkSync(full);
    } catch {
      link = undefined;
    }
    if (link === undefined) {
      seen.push(full);
      return seen;
    }
    current = isAbsolute(link) ? link : resolve(dirname(full), link);
  }
  return seen;
}

/**
 * Why a file tool may not change `path` (absolute), or undefined when it may. Symlinks are resolved (a link in
 * the workspace pointing into `.git/hooks` counts). Protected: anything inside git metadata (a `.git` entry at
 * any depth, or a git dir the sandbox guards; file tools never need to write there and checkpoints cannot
 * restore it), `.tandem` at any depth, and every path the sandbox guards for `workspace` (e.g. a
 * `core.hooksPath` such as `.husky`). `gitlinks` remembers the indexes' gitlinks between calls (default: none).
 */
export function protectedReason(
  path: string,
  workspace: string,
  gitlinks: GitlinkCache = new Map(),
): string | undefined {
  const root = realOrSelf(workspace);
  const candidates = resolveAll(path);
  for (const candidate of candidates) {
    const rel = relativeInside(root, candidate);
    if (rel === undefined) continue;
    const parts = rel.split(sep);
    const git = parts.indexOf(GIT_ENTRY);
    if (git >= 0) {
      const inner = parts.slice(git + 1).join("/");
      const entry = GIT_DIR_ENTRIES.find((e) => inner === e.path || inner.startsWith(`${e.path}/`));
      return `${candidate} is git metadata${entry ? ` (${entry.why})` : ""}; change it with git commands, not file tools`;
    }
    if (parts.includes(PROJECT_CONFIG_DIR)) {
      return `${candidate} is tandem's project configuration, which takes effect in the next session; only the user edits it`;
    }
  }
  const { guards, watch } = buildGitGuards([root], root, gitlinks);
  for (const candidate of candidates) {
    if (watch.missing.some((w) => isInside(candidate, w.path))) {
      return `${candidate} would redirect where git reads its config or objects`;
    }
    for (const guard of guards) {
      if (!isInside(candidate, guard.path)) continue;
      return guard.kind === "pin"
        ? `${candidate} is inside the git directory ${guard.path}; change it with git commands, not file tools`
        : `${candidate} is protected by the sandbox (${guard.why ?? "git or tandem runs it outside the sandbox"})`;
    }
  }
  return undefined;
}
