/**
 * macOS: renders a SandboxPolicy as a Seatbelt (sandbox-exec) profile with the same meaning as the Linux
 * bubblewrap view: read everything except secrets, write only writable roots and temp dirs minus the guarded
 * entries, no network unless allowed. Seatbelt denies by path, so missing guarded entries need no placeholder.
 * UNTESTED on real macOS: only the generated text is unit-tested (see docs/sandbox.md).
 */
import type { SandboxPolicy } from "./policy.ts";

export const SANDBOX_EXEC = "/usr/bin/sandbox-exec";

/** An SBPL string literal. */
function str(path: string): string {
  return `"${path.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

const BASE = `(version 1)
(deny default)
; children inherit the profile
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))
(allow sysctl-read)
(allow user-preference-read)
(allow mach-host*)
(allow ipc-posix-sem)
(allow ipc-posix-shm)
(allow mach-lookup (global-name "com.apple.system.opendirectoryd.libinfo"))
(allow pseudo-tty)
(allow file-ioctl (literal "/dev/ptmx") (regex #"^/dev/ttys[0-9]+"))
(allow file-write-data (literal "/dev/null") (literal "/dev/zero") (literal "/dev/ptmx") (regex #"^/dev/ttys[0-9]+"))`;

/** Sockets plus the system services name resolution and TLS certificate checks talk to over Mach. */
const NETWORK = `(allow network-outbound)
(allow network-inbound)
(allow network-bind)
(allow system-socket)
(allow mach-lookup
  (global-name "com.apple.dnssd.service")
  (global-name "com.apple.SystemConfiguration.DNSConfiguration")
  (global-name "com.apple.SystemConfiguration.configd")
  (global-name "com.apple.networkd")
  (global-name "com.apple.trustd.agent")
  (global-name "com.apple.SecurityServer")
  (global-name "com.apple.ocspd"))`;

/** Writable roots for macOS: the policy's roots plus the temp dirs (no private /tmp there). */
export interface SeatbeltExtras {
  /** Real paths of temp dirs to allow writing, e.g. `/private/tmp` and the real `os.tmpdir()`. */
  tempDirs: string[];
}

/** The profile text for `sandbox-exec -p`. */
export function seatbeltProfile(policy: SandboxPolicy, extras: SeatbeltExtras): string {
  const lines = [BASE];

  const secretFilters = policy.secretCandidates.map((p) => `(require-not (subpath ${str(p)}))`);
  lines.push(`(allow file-read*\n  (require-all (subpath "/")\n    ${secretFilters.join("\n    ")}))`);

  const roots = [...policy.writable, ...(policy.tmpDir ? [policy.tmpDir] : extras.tempDirs)];
  const denied: string[] = [];
  for (const guard of policy.guards) {
    // A pinned entry stays writable inside, but the entry itself cannot be renamed or removed.
    if (guard.kind === "pin") denied.push(`(require-not (literal ${str(guard.path)}))`);
    else if (guard.type === "dir") denied.push(`(require-not (subpath ${str(guard.path)}))`);
    else denied.push(`(require-not (literal ${str(guard.path)}))`);
  }
  // Seatbelt denies by path, so the entries bubblewrap can only watch (no placeholder) are simply not creatable.
  for (const entry of policy.watch?.missing ?? []) denied.push(`(require-not (literal ${str(entry.path)}))`);
  if (roots.length > 0) {
    const anyRoot = roots.map((r) => `(subpath ${str(r)})`).join(" ");
    const body = [`(require-any ${anyRoot})`, ...denied].join("\n    ");
    lines.push(`(allow file-write*\n  (require-all\n    ${body}))`);
  }

  if (policy.network) {
    lines.push(NETWORK);
  } else {
    lines.push("; network denied (deny default)");
  }
  return `${lines.join("\n")}\n`;
}

/** The argv that runs `argv` under the profile. */
export function seatbeltArgv(profile: string, argv: string[]): string[] {
  return [SANDBOX_EXEC, "-p", profile, "--", ...argv];
}
