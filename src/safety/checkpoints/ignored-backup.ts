/**
 * Before/after-step backups of the workspace's ignored files that are worth keeping (`.env`, logs, local
 * databases, build output), which checkpoints skip. Any step (`rm .env`, `> app.log`, `sed -i`, `mv`,
 * `make clean`, a script) that deletes or rewrites one can then be undone.
 *
 * - Which files: those the shadow repository's ignore rules exclude (`git ls-files -o -i --directory`, the same
 *   rules checkpoints use), except anything under a dependency or cache directory (`CACHE_DIRS`: node_modules,
 *   target, .venv, __pycache__, .cache...), which is re-creatable, never walked and never backed up.
 * - Cost per step: git lists ignored entries only when a directory of the workspace gained, lost or renamed an
 *   entry or a `.gitignore` changed (checked by one stat per directory, dir-cache.ts); otherwise the known files
 *   are lstat-ed and only new or changed ones are copied. The ignored dependency directories are not entered at
 *   all, so a 200 MB node_modules costs nothing per step.
 * - Budget: a file larger than `maxFileBytes` and bytes beyond `maxStepBytes` copied in one snapshot are not
 *   copied; they are listed as unprotected in the snapshot, and undo names them as not restorable. Ignored files
 *   beyond `maxFiles` are not looked at (only their count is recorded): it bounds the per-step work.
 * - Copies, not hard links: `>` truncates the inode a link would share.
 */
import { existsSync, lstatSync } from "node:fs";
import path from "node:path";
import { type BlobStore, createBlobStore } from "./blob-store.ts";
import { createDirCache } from "./dir-cache.ts";
import { splitNul } from "./git.ts";
import { sameRecord } from "./git-dir-snapshot.ts";
import { createShadowRepo } from "./shadow-repo.ts";
import { createSnapshotLog, newSnapshotId, type SnapshotLine, type SnapshotLog } from "./snapshot-log.ts";

/**
 * Directory names whose contents are dependencies or caches a command re-creates (install, build, test run):
 * not backed up. `dist`/`target` are here because they are rebuilt from sources checkpoints hold; `build` is not,
 * because projects keep hand-made files there too often.
 */
export const CACHE_DIRS: readonly string[] = [
  "node_modules",
  "bower_components",
  "jspm_packages",
  ".pnpm-store",
  ".yarn",
  "target",
  "dist",
  ".venv",
  "venv",
  "__pycache__",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".tox",
  ".nox",
  ".cache",
  ".parcel-cache",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".turbo",
  ".gradle",
  ".terraform",
  ".git",
];

const INIT_WAIT_MS = 10_000;

export interface IgnoredBackupOptions {
  workspace: string;
  /** The checkpoint store's directory: its shadow repository's ignore rules decide what is ignored. */
  storeDir: string;
  /** Where copies live; created on first use. */
  dir: string;
  /** Directory names never walked nor backed up. Default `CACHE_DIRS`. */
  cacheDirs?: readonly string[];
  /** Larger ignored files are not copied (unprotected). Default 16 MiB. */
  maxFileBytes?: number;
  /** Bytes one snapshot may copy; the rest is unprotected until a later snapshot has room. Default 64 MiB. */
  maxStepBytes?: number;
  /** Ignored files looked at per snapshot; beyond, unprotected. Default 5,000. */
  maxFiles?: number;
  /** git executable. Default "git". */
  git?: string;
  /** The environment host git starts from (sanitized: host-git/env.ts). Default the process's; a session's own. */
  gitEnv?: NodeJS.ProcessEnv;
  /** Awaited before each git it starts (src/safety/pacing.ts). Default: starts at once. */
  pace?: () => Promise<void>;
}

export interface IgnoredBackup {
  readonly workspace: string;
  readonly log: SnapshotLog;
  readonly blobs: BlobStore;
  /** Records the ignored files now; returns the snapshot id. */
  take(): Promise<string>;
  /** Whether the checkpoint store has created the shadow repository (whose ignore rules are used). */
  storeReady(): boolean;
}

interface FileVersion {
  stamp: string;
  sha: string;
  mode: number;
}

export function createIgnoredBackup(options: IgnoredBackupOptions): IgnoredBackup {
  const workspace = path.resolve(options.workspace);
  const cacheDirs = new Set(options.cacheDirs ?? CACHE_DIRS);
  const maxFileBytes = options.maxFileBytes ?? 16 * 1024 * 1024;
  const maxStepBytes = options.maxStepBytes ?? 64 * 1024 * 1024;
  const maxFiles = options.maxFiles ?? 5_000;
  const repo = createShadowRepo({
    workspace,
    storeDir: options.storeDir,
    ...(options.git ? { git: options.git } : {}),
    ...(options.gitEnv ? { gitEnv: options.gitEnv } : {}),
    ...(options.pace ? { pace: options.pace } : {}),
  });
  const dir = path.resolve(options.dir);
  const log = createSnapshotLog(path.join(dir, "snapshots.jsonl"));
  const blobs = createBlobStore(path.join(dir, "blobs"));
  const dirs = createDirCache();
  const storeRoot = path.dirname(path.resolve(options.storeDir));
  /** Ignored entries from the last git listing: files, and directories to walk ourselves. */
  let listed: { files: string[]; dirs: string[] } | null = null;
  /** Stamps of the .gitignore files seen by the last watch walk. */
  let ignoreStamps = "";
  const versions = new Map<string, FileVersion>();
  let last: SnapshotLine | null = null;
  let seq = 0;

  const skipped = (rel: string) => {
    if (rel.split("/").some((part) => cacheDirs.has(part))) return true;
    // TANDEM_HOME inside the workspace: never back up the backups.
    const absolute = path.join(workspace, rel);
    return storeRoot === absolute || storeRoot.startsWith(`${absolute}${path.sep}`);
  };

  /**
   * Walks the workspace's non-ignored directories (one stat each when unchanged); true when one gained, lost or
   * renamed an entry or a .gitignore changed since the last walk, i.e. when git's ignored listing may differ.
   */
  function workspaceChanged(): boolean {
    const ignoredDirs = new Set(listed?.dirs ?? []);
    let changed = false;
    const stamps: string[] = [];
    const walk = (rel: string) => {
      const listing = dirs.list(rel ? path.join(workspace, rel) : workspace);
      if (!listing) return;
      if (listing.changed) changed = true;
      for (const entry of listing.entries) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.name === ".gitignore") stamps.push(`${child}:${stampOf(path.join(workspace, child))}`);
        if (!entry.isDirectory() || entry.name === ".git" || ignoredDirs.has(child)) continue;
        if (cacheDirs.has(entry.name)) continue;
        walk(child);
      }
    };
    walk("");
    const joined = stamps.join("\n");
    if (joined !== ignoreStamps) changed = true;
    ignoreStamps = joined;
    return changed;
  }

  /**
   * The checkpoint store creates the shadow repository, usually at this very moment (the gate starts both
   * together): two `git init`s at once fight over config.lock, so wait for its marker before creating it here.
   */
  async function shadowReady(): Promise<void> {
    const marker = path.join(repo.gitDir, "tandem-ready");
    for (let waited = 0; !existsSync(marker) && waited < INIT_WAIT_MS; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await repo.init();
  }

  async function listIgnored(): Promise<{ files: string[]; dirs: string[] }> {
    await shadowReady();
    const result = await repo.run(["ls-files", "-z", "-o", "-i", "--exclude-standard", "--directory"], {
      okCodes: [0, 1],
    });
    const files: string[] = [];
    const ignoredDirs: string[] = [];
    for (const entry of splitNul(result.stdout)) {
      const rel = entry.endsWith("/") ? entry.slice(0, -1) : entry;
      if (!rel || skipped(rel)) continue;
      if (entry.endsWith("/")) ignoredDirs.push(rel);
      else files.push(rel);
    }
    return { files, dirs: ignoredDirs };
  }

  /** Files inside the ignored directories we walk ourselves (through the stat cache). */
  function filesUnder(rel: string, out: string[]): void {
    const listing = dirs.list(path.join(workspace, rel));
    if (!listing) return;
    for (const entry of listing.entries) {
      const child = `${rel}/${entry.name}`;
      if (out.length > maxFiles) return; // the rest is beyond the file-count budget anyway
      if (entry.isDirectory()) {
        if (!cacheDirs.has(entry.name) && !skipped(child)) filesUnder(child, out);
      } else if (entry.isFile()) out.push(child);
    }
  }

  async function take(): Promise<string> {
    if (!listed || workspaceChanged()) {
      listed = await listIgnored();
      workspaceChanged(); // re-baseline the directory stamps with the new ignored directories
    }
    const candidates: string[] = [...listed.files];
    for (const d of listed.dirs) filesUnder(d, candidates);
    // The file-count budget bounds the per-step lstat work too: files beyond it are not looked at.
    const notLooked = Math.max(0, candidates.length - maxFiles);
    candidates.length = Math.min(candidates.length, maxFiles);
    dirs.sweep();
    const files: Record<string, string> = {};
    const modes: Record<string, number> = {};
    const unprotected: Record<string, number> = {};
    let budget = maxStepBytes;
    const seen = new Set<string>();
    for (const rel of candidates) {
      if (seen.has(rel)) continue; // a file listed by git inside a directory we also walked
      seen.add(rel);
      const full = path.join(workspace, rel);
      let st: ReturnType<typeof lstatSync>;
      try {
        st = lstatSync(full);
      } catch {
        continue;
      }
      if (!st.isFile()) continue;
      const stamp = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
      const known = versions.get(rel);
      if (known?.stamp === stamp) {
        files[rel] = known.sha;
        if (known.mode !== 0o644) modes[rel] = known.mode;
        continue;
      }
      if (st.size > maxFileBytes || st.size > budget) {
        unprotected[rel] = st.size;
        continue;
      }
      const sha = blobs.put(full);
      if (!sha) continue;
      budget -= st.size;
      const mode = st.mode & 0o7777;
      versions.set(rel, { stamp, sha, mode });
      files[rel] = sha;
      if (mode !== 0o644) modes[rel] = mode;
    }
    for (const rel of versions.keys()) if (!(rel in files)) versions.delete(rel);
    const same = last && sameRecord(last.files, files) && sameRecord(last.unprotected ?? {}, unprotected);
    if (last && same && (last.notLooked ?? 0) === notLooked) return last.id;
    seq += 1;
    const line: SnapshotLine = { id: newSnapshotId(seq), base: null, time: Date.now(), files };
    if (Object.keys(modes).length) line.modes = modes;
    if (Object.keys(unprotected).length) line.unprotected = unprotected;
    if (notLooked) line.notLooked = notLooked;
    log.append(line);
    last = line;
    return line.id;
  }

  return {
    workspace,
    log,
    blobs,
    take,
    storeReady: () => existsSync(path.join(repo.gitDir, "tandem-ready")),
  };
}

function stampOf(file: string): string {
  try {
    const st = lstatSync(file, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch {
    return "missing";
  }
}
