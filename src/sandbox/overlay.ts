/**
 * A command run on an overlay of the workspace: the workspace is the overlay's read-only lower layer, and
 * everything the command writes (new files, changed files, deletions as whiteouts) lands in an upper folder the
 * caller owns, while the workspace itself stays as it was. The caller later merges the upper folder into the
 * workspace (overlay-merge.ts) or throws it away. Used for a command that must not touch the workspace yet (the
 * workspace's first checkpoint is still being recorded, docs/safety.md), and the primitive for cheap isolated
 * checkouts.
 *
 * bubblewrap 0.8 has no `--overlay`, so the overlay is mounted by `unshare` in a new user and mount namespace
 * (unprivileged overlayfs, Linux ≥ 5.11, with `userxattr`), over the workspace's own path, and bubblewrap is
 * exec'd inside that namespace with its usual arguments: it then binds the overlay as the workspace and applies
 * every guard (protected entries, hidden secrets, network, capabilities) on top of it exactly as it would on the
 * workspace.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeDir, makeDirSync } from "../util/make-dir.ts";

/** The overlay's writable folders; both on one filesystem, neither inside the workspace. */
export interface OverlayDirs {
  /** Receives the command's changes (the overlay's `upperdir`). */
  upper: string;
  /** overlayfs's scratch folder (`workdir`), empty when mounted. */
  work: string;
}

/** The `unshare` binary. util-linux's; present wherever bubblewrap is. */
const UNSHARE = "unshare";

/**
 * Mounts the overlay over `$1` (lower and mount point are the same path: the mount is private to the new
 * namespace) and runs the rest of the arguments there. `userxattr`: the only way unprivileged (whiteouts and opaque
 * folders are then marked with `user.overlay.*` attributes in the upper folder).
 */
const MOUNT_SCRIPT =
  'mount -t overlay overlay -o "lowerdir=$1,upperdir=$2,workdir=$3,userxattr" "$1" || exit 125; shift 3; exec "$@"';

/** overlayfs splits its options at `,` and lower layers at `:`; such paths (and `\`) cannot be named. */
export function overlayNameable(...paths: string[]): boolean {
  return paths.every((p) => path.isAbsolute(p) && !/[,:\\\n]/.test(p));
}

/** The argv that runs `inner` (a bubblewrap command line) with `workspace` replaced by its overlay. */
export function overlayArgv(workspace: string, dirs: OverlayDirs, inner: string[]): string[] {
  return [
    UNSHARE,
    "--user",
    "--map-root-user",
    "--mount",
    "--",
    "sh",
    "-c",
    MOUNT_SCRIPT,
    "sh",
    workspace,
    dirs.upper,
    dirs.work,
    ...inner,
  ];
}

/** Runs `argv` to its end: exit code and stderr (never rejects; a spawn failure is code -1). */
export function runQuiet(
  argv: string[],
  onStdout?: (chunk: Buffer) => void,
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const [file, ...args] = argv;
    const child = spawn(file as string, args, { stdio: ["ignore", onStdout ? "pipe" : "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    if (onStdout) child.stdout?.on("data", onStdout);
    child.once("error", (error) => resolve({ code: -1, stderr: error.message }));
    child.once("close", (code) => resolve({ code: code ?? -1, stderr }));
  });
}

let probe: Promise<boolean> | undefined;
let answer: boolean | undefined;

/** The probe's folders under `root`: a lower folder with a sub-folder the probe deletes, empty upper and work. */
function probeLayout(root: string) {
  const lower = path.join(root, "lower");
  const dirs = { upper: path.join(root, "upper"), work: path.join(root, "work") };
  return { lower, dirs, made: [lower, dirs.upper, dirs.work, path.join(lower, "gone")] };
}

/** The deletion left a whiteout in the upper folder and the lower folder untouched. */
function probeWorked(root: string): boolean {
  const { lower, dirs } = probeLayout(root);
  const whiteout = lstatSync(path.join(dirs.upper, "gone"), { throwIfNoEntry: false });
  const kept = lstatSync(path.join(lower, "gone"), { throwIfNoEntry: false });
  return Boolean(whiteout?.isCharacterDevice() && whiteout.rdev === 0 && kept?.isDirectory());
}

/**
 * Can an overlay be mounted here the way `overlayArgv` does it, and does a deletion leave a whiteout? Answered once
 * per process by doing it in a scratch folder under `dir` (the folder the upper folders will live in, or beside
 * it: overlayfs needs an upper filesystem that supports it). Never rejects.
 */
export function overlaySupported(dir = tmpdir()): Promise<boolean> {
  if (answer !== undefined) return Promise.resolve(answer);
  probe ??= (async () => {
    if (process.platform !== "linux") return false;
    await makeDir(dir).catch(() => undefined);
    const root = await mkdtemp(path.join(dir, "tandem-overlay-probe-")).catch(() => null);
    if (!root) return false;
    try {
      const { lower, dirs, made } = probeLayout(root);
      if (!overlayNameable(lower, dirs.upper, dirs.work)) return false;
      for (const folder of made) await mkdir(folder);
      const run = await runQuiet(overlayArgv(lower, dirs, ["rmdir", path.join(lower, "gone")]));
      return run.code === 0 && probeWorked(root);
    } finally {
      await removeOverlayDirs(root);
    }
  })()
    .catch(() => false)
    .then((ok) => {
      answer ??= ok;
      return answer;
    });
  return probe;
}

/**
 * `overlaySupported`, answered now: the cached answer, else the probe run synchronously (tens of milliseconds, once
 * per process), for a decision that cannot wait (a command about to be spawned).
 */
export function overlaySupportedSync(dir = tmpdir()): boolean {
  if (answer !== undefined) return answer;
  answer = (() => {
    if (process.platform !== "linux") return false;
    let root: string | undefined;
    try {
      makeDirSync(dir);
      root = mkdtempSync(path.join(dir, "tandem-overlay-probe-"));
      const { lower, dirs, made } = probeLayout(root);
      if (!overlayNameable(lower, dirs.upper, dirs.work)) return false;
      for (const folder of made) mkdirSync(folder);
      const [file, ...args] = overlayArgv(lower, dirs, ["rmdir", path.join(lower, "gone")]);
      const run = spawnSync(file as string, args, { stdio: "ignore", timeout: 10_000 });
      return run.status === 0 && probeWorked(root);
    } catch {
      return false;
    } finally {
      if (root) {
        for (const open of [root, path.join(root, "work"), path.join(root, "work", "work")])
          try {
            chmodSync(open, 0o700);
          } catch {
            // not there
          }
        rmSync(root, { recursive: true, force: true });
      }
    }
  })();
  return answer;
}

/** Forgets the probe's answer (tests). */
export function clearOverlayProbe(): void {
  probe = undefined;
  answer = undefined;
}

/**
 * Removes a folder that held overlay dirs. overlayfs leaves `work/work` with mode 000 (owned by us): it is opened
 * up first, or `rm` could not empty it.
 */
export async function removeOverlayDirs(root: string): Promise<void> {
  const open = async (dir: string, depth: number): Promise<void> => {
    await chmod(dir, 0o700).catch(() => undefined);
    if (depth === 0) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isDirectory()) await open(path.join(dir, entry.name), depth - 1);
  };
  await open(root, 3);
  await rm(root, { recursive: true, force: true });
}
