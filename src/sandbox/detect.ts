/**
 * Can bubblewrap run here? Answered by actually running it once (per binary, cached for the process) with the
 * same namespaces a real command uses, then classifying what went wrong into a reason and a concrete fix.
 * `tandem exec` may take the last good answer from disk instead and check it after its first request
 * (probe-cache.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import { bwrapArgs } from "./bwrap.ts";
import { cachedSuccess, forgetSuccess, keepSuccess, probeKey } from "./probe-cache.ts";
import { readSysctl, type SysctlReader } from "./sysctl.ts";
import type { SandboxSupport } from "./types.ts";

export { probeCacheFile } from "./probe-cache.ts";
export { readSysctl, type SysctlReader } from "./sysctl.ts";

/** The probe: exactly the namespaces and base mounts of a real (read-only, network-off) run, around `true`. */
export const PROBE_ARGS = bwrapArgs(
  {
    mode: "read-only",
    writable: [],
    visible: [],
    guards: [],
    hidden: [],
    secretCandidates: [],
    network: false,
  },
  ["true"],
);

const INSTALL_FIX =
  "install bubblewrap (apt-get install bubblewrap / dnf install bubblewrap / pacman -S bubblewrap)";

/** Why namespaces are refused, naming the setting that does it when it can be read. */
function userNamespaceFix(stderr: string, sysctl: SysctlReader): string {
  if (sysctl("kernel/apparmor_restrict_unprivileged_userns") === "1") {
    return (
      "AppArmor restricts unprivileged user namespaces (Ubuntu 23.10+): either " +
      "`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` (persist it in /etc/sysctl.d/), " +
      "or add an AppArmor profile for /usr/bin/bwrap that allows `userns,`"
    );
  }
  if (sysctl("kernel/unprivileged_userns_clone") === "0") {
    return "enable unprivileged user namespaces: `sudo sysctl -w kernel.unprivileged_userns_clone=1`";
  }
  if (sysctl("user/max_user_namespaces") === "0" || /ENOSPC|max_\*?_?namespaces/.test(stderr)) {
    return (
      "allow user namespaces: `sudo sysctl -w user.max_user_namespaces=15000` " +
      "(inside a container, the container runtime must allow nested namespaces)"
    );
  }
  return (
    "allow unprivileged user namespaces: `kernel.unprivileged_userns_clone=1`, or on Ubuntu 23.10+ " +
    "`kernel.apparmor_restrict_unprivileged_userns=0` or an AppArmor profile for bwrap; inside a container, " +
    "allow nested namespaces (e.g. docker --security-opt seccomp=unconfined --security-opt apparmor=unconfined)"
  );
}

/** Turns a failed probe into a reason and a fix. Pure apart from `sysctl`, so each branch is testable. */
export function classifyBwrapFailure(
  failure: { spawnError?: string; stderr: string; status: number | null },
  sysctl: SysctlReader = readSysctl,
): { ok: false; reason: string; fix: string } {
  if (failure.spawnError === "ENOENT") {
    return { ok: false, reason: "bubblewrap (bwrap) is not installed or not on PATH", fix: INSTALL_FIX };
  }
  if (failure.spawnError) {
    return {
      ok: false,
      reason: `bubblewrap could not be started (${failure.spawnError})`,
      fix: `check that bwrap is executable; or ${INSTALL_FIX}`,
    };
  }
  const stderr = failure.stderr.trim();
  const firstLine = stderr.split("\n")[0] ?? "";
  if (/namespace|uid map|uid_map|RTM_NEWADDR|loopback/i.test(stderr)) {
    return {
      ok: false,
      reason: `user namespaces are not available to bubblewrap (${firstLine})`,
      fix: userNamespaceFix(stderr, sysctl),
    };
  }
  if (/proc/i.test(stderr)) {
    return {
      ok: false,
      reason: `bubblewrap cannot mount /proc here (${firstLine}); usually a container that hides /proc`,
      fix: "run tandem outside the container, or give the container its own unmasked /proc (e.g. --security-opt systempaths=unconfined)",
    };
  }
  return {
    ok: false,
    reason: `bubblewrap failed (exit ${failure.status ?? "signal"}${firstLine ? `: ${firstLine}` : ""})`,
    fix: "run `bwrap --ro-bind / / true` to see the full error; see docs/sandbox.md",
  };
}

const cache = new Map<string, SandboxSupport>();

function remember(bwrapPath: string, result: SandboxSupport): SandboxSupport {
  cache.set(bwrapPath, result);
  return result;
}

/** Synchronous probe (cached), used by `createSandbox`. */
export function checkSandboxSupportSync(bwrapPath = "bwrap"): SandboxSupport {
  const known = cache.get(bwrapPath);
  if (known) return known;
  const run = spawnSync(bwrapPath, PROBE_ARGS, { encoding: "utf8", timeout: 10_000 });
  if (!run.error && run.status === 0) return remember(bwrapPath, { ok: true });
  const code = (run.error as NodeJS.ErrnoException | undefined)?.code;
  return remember(
    bwrapPath,
    classifyBwrapFailure({
      ...(code ? { spawnError: code } : {}),
      stderr: run.stderr ?? "",
      status: run.status,
    }),
  );
}

const inFlight = new Map<string, Promise<SandboxSupport>>();

/** Runs the probe once, unremembered. */
function runProbe(bwrapPath: string): Promise<SandboxSupport> {
  return new Promise<SandboxSupport>((resolve) => {
    const child = spawn(bwrapPath, PROBE_ARGS, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    let settled = false;
    child.on("error", (error: NodeJS.ErrnoException) => {
      settled = true;
      resolve(classifyBwrapFailure({ spawnError: error.code ?? error.message, stderr, status: null }));
    });
    child.on("close", (status) => {
      if (!settled) resolve(status === 0 ? { ok: true } : classifyBwrapFailure({ stderr, status }));
    });
  });
}

/**
 * Whether the Linux sandbox can run here; runs `bwrap` once per binary and caches the answer. Callers while the
 * probe runs share it.
 */
export function checkSandboxSupport(bwrapPath = "bwrap"): Promise<SandboxSupport> {
  const known = cache.get(bwrapPath);
  if (known) return Promise.resolve(known);
  const running = inFlight.get(bwrapPath);
  if (running) return running;
  const probe = runProbe(bwrapPath)
    .then((result) => cache.get(bwrapPath) ?? remember(bwrapPath, result))
    .finally(() => inFlight.delete(bwrapPath));
  inFlight.set(bwrapPath, probe);
  return probe;
}

/** Answers taken from the disk cache (probe-cache.ts) that no probe of this process has checked yet. */
const unverified = new Map<string, { file: string; key: string }>();
/** Their checks while they run. */
const verifying = new Map<string, Promise<SandboxSupport>>();

export interface SandboxProbeOptions {
  /** Default: this process's platform. Elsewhere than Linux there is nothing to probe. */
  platform?: NodeJS.Platform;
  /** Default `bwrap`, from PATH. */
  bwrapPath?: string;
  /**
   * Where the last good answer is kept (probe-cache.ts, `probeCacheFile`). When it holds one for this
   * bubblewrap, kernel and user, nothing is spawned now, and {@link verifySandboxSupport} checks it later; a
   * probe that runs and succeeds is kept there. Default: no cache.
   */
  cacheFile?: string;
}

/**
 * Starts the probe of `bwrap` in the background on Linux, so that it runs while a command's modules load and its
 * config is read; {@link sandboxProbeInFlight} then lets the session wait for it instead of `createSandbox`
 * probing a second time, synchronously. With a `cacheFile` that holds a good answer, the answer is taken from
 * it instead, and checked by a real probe once the first request is written ({@link verifySandboxSupport}).
 */
export function startSandboxProbe(options: SandboxProbeOptions = {}): void {
  if ((options.platform ?? process.platform) !== "linux") return;
  const bwrapPath = options.bwrapPath ?? "bwrap";
  if (cache.has(bwrapPath)) return;
  const file = options.cacheFile;
  const key = file === undefined ? undefined : probeKey({ bwrapPath, probeArgs: PROBE_ARGS });
  if (file !== undefined && key !== undefined && cachedSuccess(file, key)) {
    remember(bwrapPath, { ok: true });
    unverified.set(bwrapPath, { file, key });
    return;
  }
  checkSandboxSupport(bwrapPath)
    .then((result) => {
      if (result.ok && file !== undefined && key !== undefined) keepSuccess(file, key);
    })
    .catch(() => undefined);
}

/**
 * Checks an answer {@link startSandboxProbe} took from its cache with a real probe, once (callers while it runs
 * share it); a session calls it once its background work is done, and before its first sandboxed command. A
 * failure replaces the answer: sandboxes then refuse every command with its reason and fix (create.ts), and the
 * cache forgets it. Without an unchecked answer it probes nothing, and resolves to what is known (undefined:
 * nothing).
 */
export function verifySandboxSupport(bwrapPath = "bwrap"): Promise<SandboxSupport | undefined> {
  const running = verifying.get(bwrapPath);
  if (running) return running;
  const taken = unverified.get(bwrapPath);
  if (!taken) return Promise.resolve(cache.get(bwrapPath));
  unverified.delete(bwrapPath);
  const check = runProbe(bwrapPath)
    .then((result) => {
      remember(bwrapPath, result);
      if (result.ok) keepSuccess(taken.file, taken.key);
      else forgetSuccess(taken.file);
      return result;
    })
    .finally(() => verifying.delete(bwrapPath));
  verifying.set(bwrapPath, check);
  return check;
}

/** What is known now about `bwrapPath` (no probe is started); undefined before any answer. */
export function knownSandboxSupport(bwrapPath = "bwrap"): SandboxSupport | undefined {
  return cache.get(bwrapPath);
}

/** The probe of `bwrapPath` while it runs (started by {@link startSandboxProbe}); undefined otherwise. */
export function sandboxProbeInFlight(bwrapPath = "bwrap"): Promise<SandboxSupport> | undefined {
  return inFlight.get(bwrapPath);
}

/** Forgets cached probe results (tests; or after the user fixed their system). */
export function clearSandboxSupportCache(): void {
  cache.clear();
  unverified.clear();
  verifying.clear();
}
