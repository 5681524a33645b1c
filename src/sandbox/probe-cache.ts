/**
 * The last good answer of bubblewrap's probe, kept on disk so that `tandem exec` need not spawn the probe before
 * its first model request. A spawn blocks tandem's only thread for 5–12 ms on a small VM (libuv forks, then waits
 * for the child's exec), and start-up is all on that thread (docs/benchmarks.md, "Start-up").
 *
 * Only a success is kept, and only for the same bubblewrap (its path, inode, size and mtime), kernel, user and
 * user-namespace settings, and probe arguments, for a day at most. A kept answer is still checked by a real
 * probe once the first request is written (detect.ts, `verifySandboxSupport`); until then a wrong one cannot let
 * anything escape: bubblewrap that cannot build the sandbox runs nothing (it fails closed).
 *
 * The file is `$XDG_CACHE_HOME/tandem/sandbox-probe.json` (default `~/.cache/tandem/…`, as the compile cache of
 * bin/tandem.js), in a folder made 0700. Nothing here may fail a run: an unreadable or unwritable file is no
 * cache.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { release } from "node:os";
import { delimiter, isAbsolute, join } from "node:path";
import { readSysctl, type SysctlReader } from "./sysctl.ts";

/** How long a kept success is trusted without a probe of its own. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The user-namespace settings that decide whether bubblewrap may run (detect.ts names them in its fixes). */
const SYSCTLS = [
  "kernel/unprivileged_userns_clone",
  "kernel/apparmor_restrict_unprivileged_userns",
  "user/max_user_namespaces",
];

/** The cache file for an environment: `$XDG_CACHE_HOME/tandem/sandbox-probe.json`, else under `$HOME/.cache`. */
export function probeCacheFile(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  const root = xdg && isAbsolute(xdg) ? xdg : env.HOME ? join(env.HOME, ".cache") : undefined;
  return root ? join(root, "tandem", "sandbox-probe.json") : undefined;
}

/** `bwrapPath` as an absolute file: itself when it has a slash, else the first match on `path`. */
function locate(bwrapPath: string, path: string | undefined): string | undefined {
  if (bwrapPath.includes("/")) return bwrapPath;
  for (const dir of (path ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, bwrapPath);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export interface ProbeKeyOptions {
  /** The bubblewrap the probe runs. */
  bwrapPath: string;
  /** The probe's arguments: a change in what the probe checks is a new question. */
  probeArgs: readonly string[];
  /** Where a bare `bwrapPath` is looked up. Default `process.env.PATH`. */
  path?: string;
  /** Reads the user-namespace settings. Default: from /proc/sys. */
  sysctl?: SysctlReader;
}

/**
 * What the probe's answer depends on, as one string; undefined when bubblewrap cannot be found (then there is
 * nothing to keep: the probe itself says why).
 */
export function probeKey(options: ProbeKeyOptions): string | undefined {
  const file = locate(options.bwrapPath, options.path ?? process.env.PATH);
  if (!file) return undefined;
  let binary: { ino: number; size: number; mtimeMs: number; mode: number };
  try {
    const s = statSync(file);
    binary = { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, mode: s.mode };
  } catch {
    return undefined;
  }
  const sysctl = options.sysctl ?? readSysctl;
  return JSON.stringify({
    file,
    ...binary,
    kernel: release(),
    uid: process.getuid?.() ?? -1,
    sysctls: SYSCTLS.map((name) => sysctl(name) ?? null),
    args: options.probeArgs,
  });
}

interface CacheEntry {
  key: string;
  /** When the probe last succeeded (ms since the epoch). */
  at: number;
}

/** Whether `file` holds a success for `key` younger than a day (`now` in ms since the epoch). */
export function cachedSuccess(file: string, key: string, now = Date.now()): boolean {
  try {
    const entry = JSON.parse(readFileSync(file, "utf8")) as Partial<CacheEntry>;
    return (
      entry.key === key && typeof entry.at === "number" && entry.at <= now && now - entry.at < MAX_AGE_MS
    );
  } catch {
    return false;
  }
}

/** Keeps a success for `key`: written to a temporary file and renamed, so a reader never sees half of it. */
export function keepSuccess(file: string, key: string, now = Date.now()): void {
  try {
    mkdirSync(join(file, ".."), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ key, at: now } satisfies CacheEntry), { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // No cache: the next start probes before its first request, as without one.
  }
}

/** Forgets the kept answer (the probe failed): the next start probes before its first request. */
export function forgetSuccess(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Left as is; its key or age still has to match before anyone trusts it.
  }
}
