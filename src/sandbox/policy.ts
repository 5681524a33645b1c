/**
 * What a sandboxed command may touch, independent of the OS backend: writable roots, guarded entries inside
 * them, hidden secrets. bubblewrap (bwrap.ts) and Seatbelt (seatbelt.ts) both render this one plan, so the two
 * platforms mean the same thing. Built from the live filesystem on every `wrap`, because a guard depends on
 * whether `.git` exists right now.
 */
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { buildGitGuards, type GitWatch } from "./git-guards.ts";
import type { GitlinkCache } from "./git-index.ts";
import { isInside, kindOf, realOrSelf } from "./paths.ts";

/** Folders under home that hold credentials. Hidden (empty and read-only) inside the sandbox. */
export const SECRET_DIRS = [
  ".ssh",
  ".aws",
  ".gnupg",
  ".azure",
  ".kube",
  ".password-store",
  ".config/gcloud",
  ".config/gh",
];
/** Files under home that hold credentials. Replaced by an empty file inside the sandbox. */
export const SECRET_FILES = [".docker/config.json", ".netrc", ".git-credentials", ".npmrc", ".pypirc"];
/**
 * Files under TANDEM_HOME that may hold provider keys or past conversations. Normally all of TANDEM_HOME is
 * hidden (other projects' checkpoints, trash, undo journals and config included: a command needs none of it);
 * this list is what stays hidden when TANDEM_HOME cannot be hidden whole (it is the home folder or above it, or
 * the workspace itself).
 */
export const TANDEM_SECRET_FILES = [
  "credentials.json",
  "credentials.toml",
  "auth.json",
  "history.jsonl",
  "sessions",
  "checkpoints",
  "config.toml",
  "rules.toml",
];
/**
 * Unix sockets that reach a more privileged process (container daemons, systemd, D-Bus). A read-only mount does
 * not stop `connect()` on a socket, and these can start processes outside the sandbox, so they are hidden.
 */
export const HOST_SOCKETS = [
  "/run/user",
  "/run/dbus",
  "/run/systemd",
  "/run/docker.sock",
  "/run/containerd",
  "/run/podman",
  "/run/snapd.socket",
  "/var/run/docker.sock",
];

/** Paths inside hidden folders that stay visible (read-only): DNS on systemd hosts reads resolv.conf here. */
export const KEEP_VISIBLE = ["/run/systemd/resolve"];

export type EntryType = "dir" | "file";

/** A protection inside a writable root; `why` says what the entry does (for refusals and docs). */
export type Guard =
  /** Keep the entry writable but pinned: it cannot be renamed or deleted (so it cannot be swapped out). */
  | { kind: "pin"; path: string }
  /** An existing entry made read-only. */
  | { kind: "read-only"; path: string; type: EntryType; why?: string }
  /** A missing entry that must not be created (bubblewrap mounts an empty read-only placeholder). */
  | { kind: "block-create"; path: string; type: EntryType; why?: string };

export interface SandboxPolicy {
  mode: "read-only" | "workspace-write";
  /** Existing writable roots, real paths, workspace first. Empty in read-only mode. */
  writable: string[];
  /**
   * Folders mounted read-only over the private /tmp, so a workspace under /tmp stays visible (and `--chdir`
   * works) in read-only mode. Empty in workspace-write mode, where the writable roots are mounted anyway.
   */
  visible: string[];
  /** Guards in mount order (a pin before the read-only entries inside it). */
  guards: Guard[];
  /** What the check after the command looks at (settle.ts): watched missing entries, repositories, git dirs. */
  watch?: GitWatch;
  /** Existing secret paths and sockets (real paths) to hide; `keep` lists real paths inside left visible. */
  hidden: Array<{ path: string; type: EntryType; keep?: string[] }>;
  /** Every secret candidate, existing or not, for backends that deny by path (Seatbelt). */
  secretCandidates: string[];
  network: boolean;
  /** Host directory used as /tmp; undefined means a fresh tmpfs. */
  tmpDir?: string;
}

export interface PolicyInput {
  mode: "read-only" | "workspace-write";
  workspace: string;
  network: boolean;
  home: string;
  tandemHome: string;
  extraWritable: string[];
  /** Extra paths to hide. */
  hide: string[];
  tmpDir?: string;
  /** Gitlinks already read per index file, shared by one sandbox's commands. Default: read every time. */
  gitlinks?: GitlinkCache;
}

function existingHidden(candidates: string[]): SandboxPolicy["hidden"] {
  const seen = new Set<string>();
  const out: SandboxPolicy["hidden"] = [];
  const keepReal = KEEP_VISIBLE.filter((k) => kindOf(k) !== "missing").map(realOrSelf);
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue; // most candidates: no exception needed
    let real: string;
    let isDir: boolean;
    try {
      real = realpathSync(candidate);
      isDir = statSync(real).isDirectory();
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    const keep = isDir ? keepReal.filter((k) => k !== real && isInside(k, real)) : [];
    out.push({ path: real, type: isDir ? "dir" : "file", ...(keep.length ? { keep } : {}) });
  }
  return out;
}

/**
 * TANDEM_HOME's paths to hide: the folder itself, or, when a writable root or /tmp lives inside it (a worktree
 * for a sub-agent, a session's tmp), everything in it except the way down to those.
 */
function tandemHomeHidden(home: string, tandemHome: string, keep: string[]): string[] {
  const root = realOrSelf(tandemHome);
  if (isInside(realOrSelf(home), root) || dirname(root) === root || keep.includes(root)) {
    // Hiding it whole would hide home itself (or the workspace): hide what holds secrets.
    return TANDEM_SECRET_FILES.map((p) => join(tandemHome, p));
  }
  const around = (dir: string, depth: number): string[] => {
    const inside = keep.filter((k) => isInside(k, dir));
    if (inside.length === 0) return [dir];
    if (inside.includes(dir) || depth > 8) return [];
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names.flatMap((name) => around(join(dir, name), depth + 1));
  };
  return around(root, 0);
}

export function secretCandidates(home: string, tandemHome: string, keep: string[] = []): string[] {
  return [
    ...SECRET_DIRS.map((p) => join(home, p)),
    ...SECRET_FILES.map((p) => join(home, p)),
    ...tandemHomeHidden(home, tandemHome, keep),
  ];
}

/** Reads the filesystem now and returns the plan for one command. */
export function buildPolicy(input: PolicyInput): SandboxPolicy {
  const writable: string[] = [];
  let git: ReturnType<typeof buildGitGuards> = {
    guards: [],
    watch: { missing: [], repos: [], trusted: new Map(), gitlinks: new Map() },
  };
  if (input.mode === "workspace-write") {
    for (const path of [input.workspace, ...input.extraWritable]) {
      if (!isAbsolute(path) || kindOf(path) === "missing") continue;
      const real = realOrSelf(path);
      if (!writable.includes(real)) writable.push(real);
    }
    git = buildGitGuards(writable, realOrSelf(input.workspace), input.gitlinks);
  }
  const keep = [...writable, realOrSelf(input.workspace), ...(input.tmpDir ? [input.tmpDir] : [])];
  const secrets = secretCandidates(input.home, input.tandemHome, keep);
  return {
    mode: input.mode,
    writable,
    visible: input.mode === "read-only" ? [realOrSelf(input.workspace)] : [],
    guards: git.guards,
    watch: git.watch,
    hidden: existingHidden([...secrets, ...HOST_SOCKETS, ...input.hide]),
    secretCandidates: [...secrets, ...input.hide],
    network: input.network,
    ...(input.tmpDir ? { tmpDir: input.tmpDir } : {}),
  };
}
