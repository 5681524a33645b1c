/**
 * What a sandboxed command may touch, independent of the OS backend: writable roots, guarded entries inside
 * them, hidden secrets. bubblewrap (bwrap.ts) and Seatbelt (seatbelt.ts) both render this one plan, so the two
 * platforms mean the same thing. Built from the live filesystem on every `wrap`, because a guard depends on
 * whether `.git` exists right now.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";

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
/** Files under TANDEM_HOME that may hold provider keys. */
export const TANDEM_SECRET_FILES = ["credentials.json", "credentials.toml", "auth.json"];
/**
 * Unix sockets that reach a more privileged process (container daemons, systemd, D-Bus). A read-only mount does
 * not stop `connect()` on a socket, and these can start processes outside the sandbox, so they are hidden.
 */
export const HOST_SOCKETS = [
  "/run/user",
  "/run/dbus",
  "/run/systemd/private",
  "/run/docker.sock",
  "/run/containerd",
  "/run/podman",
  "/run/snapd.socket",
  "/var/run/docker.sock",
];

export type EntryType = "dir" | "file";

/** A protection inside a writable root. */
export type Guard =
  /** Keep the entry writable but pinned: it cannot be renamed or deleted (so it cannot be swapped out). */
  | { kind: "pin"; path: string }
  /** An existing entry made read-only. */
  | { kind: "read-only"; path: string; type: EntryType }
  /** A missing entry that must not be created (bubblewrap mounts an empty read-only placeholder). */
  | { kind: "block-create"; path: string; type: EntryType };

export interface SandboxPolicy {
  mode: "read-only" | "workspace-write";
  /** Existing writable roots, real paths, workspace first. Empty in read-only mode. */
  writable: string[];
  /** Guards in mount order (a pin before the read-only entries inside it). */
  guards: Guard[];
  /** Existing secret paths and sockets (real paths) to hide. */
  hidden: Array<{ path: string; type: EntryType }>;
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
  tmpDir?: string;
}

function kindOf(path: string): "dir" | "file" | "symlink" | "missing" {
  try {
    const s = lstatSync(path);
    if (s.isSymbolicLink()) return "symlink";
    return s.isDirectory() ? "dir" : "file";
  } catch {
    return "missing";
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

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

/** Guards for one real git directory that lives inside a writable root. */
function guardGitDir(gitDir: string, guards: Guard[]): void {
  const hooks = join(gitDir, "hooks");
  const config = join(gitDir, "config");
  const hooksKind = kindOf(hooks);
  const configKind = kindOf(config);
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
function guardRoot(root: string, writable: string[], guards: Guard[]): void {
  const git = join(root, ".git");
  switch (kindOf(git)) {
    case "missing":
      // Otherwise the command could `git init` here with a hook or `core.fsmonitor` that runs, unsandboxed,
      // the next time the user (or tandem's checkpoints) run git in this folder.
      guards.push({ kind: "block-create", path: git, type: "dir" });
      break;
    case "dir":
      guardGitDir(git, guards);
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
  if (tandemKind === "missing") guards.push({ kind: "block-create", path: tandem, type: "dir" });
  else if (tandemKind === "symlink") {
    const target = realOrSelf(tandem);
    const type = kindOf(target) === "dir" ? "dir" : "file";
    if (writable.some((w) => isInside(target, w))) guards.push({ kind: "read-only", path: target, type });
  } else guards.push({ kind: "read-only", path: tandem, type: tandemKind });
}

function existingHidden(candidates: string[]): Array<{ path: string; type: EntryType }> {
  const seen = new Set<string>();
  const out: Array<{ path: string; type: EntryType }> = [];
  for (const candidate of candidates) {
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
    out.push({ path: real, type: isDir ? "dir" : "file" });
  }
  return out;
}

export function secretCandidates(home: string, tandemHome: string): string[] {
  return [
    ...SECRET_DIRS.map((p) => join(home, p)),
    ...SECRET_FILES.map((p) => join(home, p)),
    ...TANDEM_SECRET_FILES.map((p) => join(tandemHome, p)),
  ];
}

/** Reads the filesystem now and returns the plan for one command. */
export function buildPolicy(input: PolicyInput): SandboxPolicy {
  const writable: string[] = [];
  const guards: Guard[] = [];
  if (input.mode === "workspace-write") {
    for (const path of [input.workspace, ...input.extraWritable]) {
      if (!isAbsolute(path) || kindOf(path) === "missing") continue;
      const real = realOrSelf(path);
      if (!writable.includes(real)) writable.push(real);
    }
    for (const root of writable) guardRoot(root, writable, guards);
  }
  const secrets = secretCandidates(input.home, input.tandemHome);
  return {
    mode: input.mode,
    writable,
    guards,
    hidden: existingHidden([...secrets, ...HOST_SOCKETS]),
    secretCandidates: secrets,
    network: input.network,
    ...(input.tmpDir ? { tmpDir: input.tmpDir } : {}),
  };
}
