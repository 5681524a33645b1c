/**
 * Can bubblewrap run here? Answered by actually running it once (per binary, cached for the process) with the
 * same namespaces a real command uses, then classifying what went wrong into a reason and a concrete fix.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { bwrapArgs } from "./bwrap.ts";
import type { SandboxSupport } from "./types.ts";

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

/** Reads a sysctl under /proc/sys, e.g. `kernel/unprivileged_userns_clone`; undefined when absent. */
export type SysctlReader = (name: string) => string | undefined;

export const readSysctl: SysctlReader = (name) => {
  try {
    return readFileSync(`/proc/sys/${name}`, "utf8").trim();
  } catch {
    return undefined;
  }
};

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

/**
 * Whether the Linux sandbox can run here; runs `bwrap` once per binary and caches the answer. Callers while the
 * probe runs share it.
 */
export function checkSandboxSupport(bwrapPath = "bwrap"): Promise<SandboxSupport> {
  const known = cache.get(bwrapPath);
  if (known) return Promise.resolve(known);
  const running = inFlight.get(bwrapPath);
  if (running) return running;
  const probe = new Promise<SandboxSupport>((resolve) => {
    const child = spawn(bwrapPath, PROBE_ARGS, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      resolve(
        remember(
          bwrapPath,
          classifyBwrapFailure({ spawnError: error.code ?? error.message, stderr, status: null }),
        ),
      );
    });
    child.on("close", (status) => {
      if (cache.has(bwrapPath)) return resolve(cache.get(bwrapPath) as SandboxSupport);
      resolve(remember(bwrapPath, status === 0 ? { ok: true } : classifyBwrapFailure({ stderr, status })));
    });
  }).finally(() => inFlight.delete(bwrapPath));
  inFlight.set(bwrapPath, probe);
  return probe;
}

/**
 * Starts the probe of `bwrap` (default: from PATH) in the background on Linux (elsewhere there is nothing to
 * probe; `platform` defaults to this one's), so that it runs while a command's modules load and its config is
 * read; {@link sandboxProbeInFlight} then lets the session wait for it instead of `createSandbox` probing a
 * second time, synchronously.
 */
export function startSandboxProbe(options: { platform?: NodeJS.Platform; bwrapPath?: string } = {}): void {
  if ((options.platform ?? process.platform) === "linux") {
    checkSandboxSupport(options.bwrapPath).catch(() => undefined);
  }
}

/** The probe of `bwrapPath` while it runs (started by {@link startSandboxProbe}); undefined otherwise. */
export function sandboxProbeInFlight(bwrapPath = "bwrap"): Promise<SandboxSupport> | undefined {
  return inFlight.get(bwrapPath);
}

/** Forgets cached probe results (tests; or after the user fixed their system). */
export function clearSandboxSupportCache(): void {
  cache.clear();
}
