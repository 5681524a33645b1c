/**
 * The built-in, .gitignore-aware directory walker used when ripgrep is not installed. It honours the
 * .gitignore file of every folder it enters (a deeper file can re-include what a shallower one ignored, as in
 * git), the rules from above the walk's root (src/util/outer-ignores.ts: a parent repository's .gitignore files
 * up to its root, and its info/exclude), and always skips
 * `.git`. Hidden files are included. Symbolic links are reported, never followed. Entries come in path order
 * (byte order of names, depth first), the order `rg --sort path` uses.
 */
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { outerIgnores } from "../util/outer-ignores.ts";

export type EntryKind = "file" | "dir" | "link";

export interface WalkEntry {
  absPath: string;
  /** Relative to the walk's root, `/`-separated. */
  relPath: string;
  kind: EntryKind;
}

export interface WalkOptions {
  /** Absolute folder to walk. */
  root: string;
  /** Stops the walk between folders. */
  signal?: AbortSignal;
}

/** What `visit` returns: `"stop"` ends the walk, `"skip"` (for a folder) does not descend into it. */
export type VisitResult = "stop" | "skip" | undefined;

/** The rules of one ignore file and the folder they are relative to. */
export interface Rules {
  base: string;
  ig: Ignore;
}

/** The rules that apply to the entries of `dir`: those from above it and its own .gitignore, deepest last. */
export function rulesFor(dir: string): Rules[] {
  const rules: Rules[] = outerIgnores(dir).files.map((f) => ({ base: f.base, ig: ignore().add(f.text) }));
  const own = loadRules(dir);
  if (own) rules.push(own);
  return rules;
}

function loadRules(dir: string): Rules | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, ".gitignore"), "utf8");
  } catch {
    return undefined;
  }
  return { base: dir, ig: ignore().add(text) };
}

/** Deepest rules decide first: a nested .gitignore overrides its parents, as in git. */
export function isIgnored(rules: Rules[], absPath: string, isDir: boolean): boolean {
  for (let i = rules.length - 1; i >= 0; i--) {
    const r = rules[i];
    if (!r) continue;
    // Entries are always below `base`, so slicing beats path.relative (this runs once per entry per rule set).
    let rel = absPath.slice(r.base.length === 1 ? 1 : r.base.length + 1);
    if (sep !== "/") rel = rel.split(sep).join("/");
    if (isDir) rel += "/";
    const result = r.ig.test(rel);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

const YIELD_EVERY_MS = 15;

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Walks `options.root`, calling `visit` for every entry not ignored. Resolves when done or stopped. */
export async function walk(
  options: WalkOptions,
  visit: (entry: WalkEntry) => VisitResult | Promise<VisitResult>,
): Promise<void> {
  // The rules from above the root: a repository's info/exclude and the .gitignore of every folder from its root
  // down (outside a repository, of every folder above, like `rg --no-require-git`).
  const rules: Rules[] = outerIgnores(options.root).files.map((f) => ({
    base: f.base,
    ig: ignore().add(f.text),
  }));

  let stopped = false;
  let lastYield = performance.now();
  const due = () => performance.now() - lastYield > YIELD_EVERY_MS;
  const pause = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYield = performance.now();
    if (options.signal?.aborted) stopped = true;
  };
  const walkDir = async (dir: string, rel: string): Promise<void> => {
    if (options.signal?.aborted) {
      stopped = true;
      return;
    }
    // Synchronous reads, yielding to the event loop every few milliseconds: on trees of many small folders
    // this is several times faster than one thread-pool round trip per folder, and the UI stays responsive.
    if (due()) await pause();
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable or vanished: skip, as rg does (it only warns)
    }
    const own = entries.some((e) => e.name === ".gitignore" && !e.isDirectory()) ? loadRules(dir) : undefined;
    if (own) rules.push(own);
    entries.sort((a, b) => byteOrder(a.name, b.name));
    for (const e of entries) {
      if (due()) await pause(); // per entry too: a visitor may read each file, and one folder may hold 100,000 files
      if (stopped) break;
      if (e.name === ".git") continue;
      const absPath = join(dir, e.name);
      const kind: EntryKind = e.isSymbolicLink() ? "link" : e.isDirectory() ? "dir" : "file";
      if (isIgnored(rules, absPath, kind === "dir")) continue;
      const entry: WalkEntry = { absPath, relPath: rel === "" ? e.name : `${rel}/${e.name}`, kind };
      let result = visit(entry);
      if (result instanceof Promise) result = await result; // awaiting only when needed keeps sync visitors fast
      if (result === "stop") {
        stopped = true;
        break;
      }
      if (kind === "dir" && result !== "skip") await walkDir(absPath, entry.relPath);
    }
    if (own) rules.pop();
  };
  await walkDir(options.root, "");
}
