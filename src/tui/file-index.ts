/**
 * The workspace's files for `@` mentions, honouring .gitignore (and .git/info/exclude and the global
 * excludes file): listed by ripgrep when it is installed, else by `git ls-files`, else by a bounded walk
 * that reads .gitignore files with the `ignore` package. Built lazily and in the background: `request()`
 * starts a build when there is none or the last one is stale, and `onChange` fires when it lands, so
 * typing never waits for it.
 */
import { spawn } from "node:child_process";
import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import ignore, { type Ignore } from "ignore";
import { hostGitInvocation } from "../safety/host-git/invocation.ts";

export type FileLister = "rg" | "git" | "walk";

export interface FileIndexOptions {
  /** The folder listed; read at each build, so a session switch to another folder is picked up. */
  cwd: () => string;
  /** Most paths kept (files; directories derived from them come on top). Default 100,000. */
  maxPaths?: number;
  /** A build older than this is redone at the next `request()`. Default 30,000 ms. */
  staleMs?: number;
  /** Listers tried in order until one works. Default rg, then git, then walk. */
  listers?: readonly FileLister[];
  /** Called when a build lands (new entries). */
  onChange?: () => void;
  now?: () => number;
}

export interface FileIndexSnapshot {
  /** Files, then directories (with a trailing `/`), as paths relative to the folder with `/` separators. */
  entries: readonly string[];
  /** Which lister produced it. */
  lister: FileLister;
  /** True when `maxPaths` cut the listing short. */
  truncated: boolean;
  cwd: string;
  builtAt: number;
}

export interface FileIndex {
  /** The last finished build, if any. */
  readonly snapshot: FileIndexSnapshot | undefined;
  /** Starts a build unless one is running or the last one is fresh (same folder, younger than `staleMs`). */
  request(): void;
  /** Resolves when no build is running (for tests and the benchmark). */
  settled(): Promise<void>;
  /** Stops a running build (kills the lister), so a closing app does not wait for it. */
  dispose(): void;
}

export function createFileIndex(options: FileIndexOptions): FileIndex {
  const maxPaths = options.maxPaths ?? 100_000;
  const staleMs = options.staleMs ?? 30_000;
  const listers = options.listers ?? ["rg", "git", "walk"];
  const now = options.now ?? (() => Date.now());
  let snapshot: FileIndexSnapshot | undefined;
  let building: Promise<void> | undefined;
  const stop = new AbortController();

  const build = async (cwd: string) => {
    for (const lister of listers) {
      if (stop.signal.aborted) return;
      const listed = await listFiles(lister, cwd, maxPaths, stop.signal).catch(() => undefined);
      if (!listed || stop.signal.aborted) continue;
      snapshot = {
        entries: withDirectories(listed.files),
        lister,
        truncated: listed.truncated,
        cwd,
        builtAt: now(),
      };
      options.onChange?.();
      return;
    }
  };

  return {
    get snapshot() {
      return snapshot;
    },
    request() {
      if (building || stop.signal.aborted) return;
      const cwd = options.cwd();
      if (snapshot && snapshot.cwd === cwd && now() - snapshot.builtAt < staleMs) return;
      building = build(cwd).finally(() => {
        building = undefined;
      });
    },
    settled: () => building ?? Promise.resolve(),
    dispose: () => stop.abort(),
  };
}

/** Files plus every directory above them (`dir/`), each once. */
export function withDirectories(files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const file of files) {
    let slash = file.lastIndexOf("/");
    while (slash > 0) {
      const dir = file.slice(0, slash + 1);
      if (dirs.has(dir)) break;
      dirs.add(dir);
      slash = file.lastIndexOf("/", slash - 1);
    }
  }
  return [...files, ...dirs];
}

interface Listing {
  files: string[];
  truncated: boolean;
}

/** One lister's files; rejects when it cannot run here (not installed, not a git repository). */
export function listFiles(
  lister: FileLister,
  cwd: string,
  maxPaths: number,
  signal?: AbortSignal,
): Promise<Listing> {
  switch (lister) {
    case "rg":
      // --no-require-git: .gitignore counts outside a repository too, as the walk does.
      return listFromCommand(
        "rg",
        ["--files", "--hidden", "--no-require-git", "--null", "--glob", "!.git"],
        cwd,
        maxPaths,
        signal,
      );
    case "git":
      // The workspace's repository may be one the model prepared: git runs hardened, like all of tandem's git.
      return hostGitInvocation(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
        cwd,
      }).then((invocation) =>
        "refused" in invocation
          ? Promise.reject(new Error(`git refused: ${invocation.refused.stderr}`))
          : listFromCommand(invocation.file, invocation.args, cwd, maxPaths, signal, invocation.env),
      );
    case "walk":
      return walk(cwd, maxPaths, signal);
  }
}

/** NUL-separated paths from a command's output, stopped (killed) at `maxPaths`. */
function listFromCommand(
  command: string,
  args: string[],
  cwd: string,
  maxPaths: number,
  signal?: AbortSignal,
  env?: NodeJS.ProcessEnv,
): Promise<Listing> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "ignore"], signal });
    const files: string[] = [];
    let rest = "";
    let truncated = false;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (truncated) return;
      const parts = (rest + chunk).split("\0");
      rest = parts.pop() ?? "";
      for (const part of parts) {
        if (files.length >= maxPaths) {
          truncated = true;
          child.kill();
          return;
        }
        if (part) files.push(part.replaceAll("\\", "/"));
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      // rg exits 1 when nothing is listed and 2 when some folder could not be read (the rest still is).
      const ok =
        (truncated && !signal?.aborted) || code === 0 || (command === "rg" && (code === 1 || code === 2));
      if (ok) resolve({ files, truncated });
      else reject(new Error(`${command} exited with ${code}`));
    });
  });
}

/** A breadth-first walk honouring each folder's .gitignore (relative to that folder); skips .git. */
async function walk(root: string, maxPaths: number, signal?: AbortSignal): Promise<Listing> {
  const files: string[] = [];
  const queue: { dir: string; rules: { base: string; ig: Ignore }[] }[] = [{ dir: "", rules: [] }];
  while (queue.length > 0) {
    if (signal?.aborted) throw new Error("listing stopped");
    const { dir, rules: inherited } = queue.shift() as (typeof queue)[number];
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    const rules = [...inherited];
    const gitignore = await readFile(join(root, dir, ".gitignore"), "utf8").catch(() => undefined);
    if (gitignore !== undefined) rules.push({ base: dir, ig: ignore().add(gitignore) });
    const ignored = (path: string) => rules.some((r) => r.ig.ignores(path.slice(r.base.length)) || false);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name === ".git") continue;
      const path = dir + entry.name;
      if (entry.isDirectory()) {
        if (!ignored(`${path}/`)) queue.push({ dir: `${path}/`, rules });
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (ignored(path)) continue;
        if (files.length >= maxPaths) return { files, truncated: true };
        files.push(path);
      }
    }
  }
  return { files, truncated: false };
}
