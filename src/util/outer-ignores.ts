/**
 * The ignore rules that apply inside a folder from outside it: when the folder is a sub-folder of a git
 * repository (a monorepo package), the `.gitignore` of every folder from the repository root down to it and the
 * repository's `.git/info/exclude`. Search tools and checkpoints that start at the folder would otherwise miss
 * them and return (or copy) `.env` and `node_modules`.
 *
 * The repository root is the nearest folder whose `.git` is a repository (a folder with `HEAD`, or a `gitdir:`
 * file). An empty `.git` folder is not (git agrees); older tandem versions left such placeholders behind. Outside
 * any repository the `.gitignore` of every folder above applies, as with `rg --no-require-git`.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export interface OuterIgnoreFile {
  /** The folder the rules are relative to. */
  base: string;
  text: string;
}

export interface OuterIgnores {
  /** The repository root `root` is in (possibly `root` itself); undefined outside any repository. */
  repoRoot?: string;
  /** Lowest precedence first: info/exclude, then the `.gitignore` files from the top down to `root`'s parent. */
  files: OuterIgnoreFile[];
  /** The same rules rewritten relative to `root`, as one gitignore text ("" when there are none). */
  relative: string;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The git dir of the repository whose work tree is `dir`, or undefined when `dir/.git` is not a repository. */
function gitDirOf(dir: string): string | undefined {
  const git = join(dir, ".git");
  const s = statSync(git, { throwIfNoEntry: false });
  if (!s) return undefined;
  if (s.isDirectory())
    return statSync(join(git, "HEAD"), { throwIfNoEntry: false })?.isFile() ? git : undefined;
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(read(git) ?? "");
  return match?.[1] ? resolve(dir, match[1]) : undefined;
}

/** Where `info/exclude` lives: a linked worktree's git dir names its common dir in `commondir`. */
function commonDirOf(gitDir: string): string {
  const common = read(join(gitDir, "commondir"))?.trim();
  return common ? resolve(gitDir, common) : gitDir;
}

export function outerIgnores(folder: string): OuterIgnores {
  const root = resolve(folder);
  const above: string[] = [];
  let repoRoot: string | undefined;
  let gitDir: string | undefined;
  for (let dir = root; ; dir = dirname(dir)) {
    gitDir = gitDirOf(dir);
    if (gitDir) {
      repoRoot = dir;
      break;
    }
    if (dirname(dir) === dir) break;
    above.unshift(dirname(dir));
  }
  const files: OuterIgnoreFile[] = [];
  if (gitDir && repoRoot) {
    const text = read(join(commonDirOf(gitDir), "info", "exclude"));
    if (text) files.push({ base: repoRoot, text });
  }
  for (const dir of above) {
    const text = read(join(dir, ".gitignore"));
    if (text) files.push({ base: dir, text });
  }
  const relative = files
    .map((f) => rebaseRules(f.text, relativeSegments(f.base, root)))
    .filter((t) => t !== "")
    .join("\n");
  return { ...(repoRoot ? { repoRoot } : {}), files, relative };
}

function relativeSegments(base: string, root: string): string[] {
  if (base === root) return [];
  const rel = root.slice(base === "/" ? 1 : base.length + 1);
  return rel.split("/");
}

/**
 * Rewrites gitignore `text` written in a folder to rules for its descendant `prefix` (path segments below it):
 * a pattern without a slash matches at any depth and stays; an anchored one keeps only what lies below the
 * prefix (`/pkg/dist` for prefix `pkg` becomes `/dist`; `**` may absorb any part of it). A pattern that would
 * match the prefix itself or a folder above it is dropped: it would ignore the whole folder being searched.
 */
export function rebaseRules(text: string, prefix: string[]): string {
  if (prefix.length === 0) return text.trim();
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, "");
    if (line === "" || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith("/");
    if (dirOnly) line = line.replace(/\/+$/, "");
    if (line === "") continue;
    const wrap = (p: string) => `${negate ? "!" : ""}${p}${dirOnly ? "/" : ""}`;
    if (!line.includes("/")) {
      out.push(wrap(line));
      continue;
    }
    const segs = line.replace(/^\//, "").split("/");
    for (const p of rebaseSegments(segs, prefix)) out.push(wrap(p));
  }
  return [...new Set(out)].join("\n");
}

function rebaseSegments(segs: string[], prefix: string[]): string[] {
  const results: string[] = [];
  const go = (i: number, j: number): void => {
    if (i === segs.length) return; // matches the prefix or a folder above it
    if (j === prefix.length) {
      results.push(`/${segs.slice(i).join("/")}`);
      return;
    }
    const seg = segs[i] as string;
    if (seg === "**") {
      const rest = segs.slice(i + 1);
      if (rest.length === 0) return;
      results.push(`**/${rest.join("/")}`); // `**` absorbs the whole prefix and maybe more
      for (let k = j; k < prefix.length; k++) go(i + 1, k);
      return;
    }
    if (segmentRegExp(seg).test(prefix[j] as string)) go(i + 1, j + 1);
  };
  go(0, 0);
  return results;
}

/** One path segment of a gitignore glob (`*`, `?`, `[...]`, backslash escapes) as a regular expression. */
function segmentRegExp(seg: string): RegExp {
  let out = "";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    if (c === "\\" && i + 1 < seg.length) out += escapeRegExpChar(seg[++i] as string);
    else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = seg.indexOf("]", i + 2);
      if (end === -1) out += "\\[";
      else {
        const body = seg.slice(i + 1, end).replace(/\\/g, "\\\\");
        out += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else out += escapeRegExpChar(c);
  }
  return new RegExp(`^${out}$`);
}

function escapeRegExpChar(c: string): string {
  return /[.+^$()|[\]{}\\/*?]/.test(c) ? `\\${c}` : c;
}
