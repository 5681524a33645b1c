/**
 * Renders a SandboxPolicy as bubblewrap arguments. Mount order matters: bubblewrap applies mounts in argument
 * order and a later mount covers an earlier one, so the read-only root comes first, writable roots next, then
 * guards inside them, then hidden secrets over everything.
 */
import { emptyFile } from "./empty-file.ts";
import type { SandboxPolicy } from "./policy.ts";

/** Writable-by-root parts of /proc, as container runtimes treat them. */
const PROC_READ_ONLY = ["/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs"];

/** Namespaces and process hygiene, independent of the filesystem view. */
function processArgs(network: boolean): string[] {
  const args = [
    // setsid(): the command gets no controlling terminal, so it cannot push keystrokes into ours (TIOCSTI).
    "--new-session",
    "--die-with-parent",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    // When tandem runs as root, bubblewrap would otherwise keep root's capabilities, and CAP_SYS_ADMIN can
    // simply remount / read-write. Without root this is a no-op (bubblewrap drops them anyway).
    "--cap-drop",
    "ALL",
  ];
  if (!network) args.push("--unshare-net");
  return args;
}

function filesystemArgs(policy: SandboxPolicy): string[] {
  const args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"];
  // Running as root, the command is uid 0 even without capabilities, and root-owned /proc/sys files are
  // writable by uid 0 alone (host sysctls!). Cover them with the host's entries, read-only.
  for (const path of PROC_READ_ONLY) args.push("--ro-bind-try", path, path);
  if (policy.tmpDir) args.push("--bind", policy.tmpDir, "/tmp");
  else args.push("--tmpfs", "/tmp");
  for (const root of policy.visible) args.push("--ro-bind", root, root);
  for (const root of policy.writable) args.push("--bind", root, root);
  for (const guard of policy.guards) {
    switch (guard.kind) {
      case "pin":
        // A mount point cannot be renamed or removed (EBUSY), so `mv .git x && git init` is refused.
        args.push("--bind", guard.path, guard.path);
        break;
      case "read-only":
        args.push("--ro-bind", guard.path, guard.path);
        break;
      case "block-create":
        // bubblewrap creates the mount point on the host; placeholders.ts removes it after the command.
        if (guard.type === "dir") args.push("--tmpfs", guard.path, "--remount-ro", guard.path);
        else args.push("--ro-bind", emptyFile(), guard.path);
        break;
    }
  }
  for (const hidden of policy.hidden) {
    if (hidden.type === "dir") {
      args.push("--tmpfs", hidden.path);
      for (const keep of hidden.keep ?? []) args.push("--ro-bind", keep, keep);
      args.push("--remount-ro", hidden.path);
    } else args.push("--ro-bind", emptyFile(), hidden.path);
  }
  return args;
}

/** bubblewrap's arguments (without the `bwrap` binary itself) to run `argv` under `policy`. */
export function bwrapArgs(policy: SandboxPolicy, argv: string[], cwd?: string, holdFd?: number): string[] {
  const args = [...processArgs(policy.network), ...filesystemArgs(policy)];
  if (cwd) args.push("--chdir", cwd);
  // bubblewrap reads one byte from it (then closes it) once the sandbox is built, right before running argv.
  // It runs argv on end-of-file too: a holder that must not let the command run kills it before closing.
  if (holdFd !== undefined) args.push("--block-fd", String(holdFd));
  args.push("--", ...argv);
  return args;
}
