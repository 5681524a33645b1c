/**
 * `createSandbox`: the one place the OS backend is chosen (bubblewrap on Linux, Seatbelt on macOS). A sandboxed
 * mode that cannot run here throws SandboxUnavailableError; it never degrades to running unsandboxed.
 */
import { existsSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { makeDirSync } from "../util/make-dir.ts";
import { bwrapArgs } from "./bwrap.ts";
import { checkSandboxSupportSync, knownSandboxSupport } from "./detect.ts";
import { overlayArgv } from "./overlay.ts";
import { dropPlaceholders } from "./overlay-placeholders.ts";
import { realOrSelf } from "./paths.ts";
import { createPlaceholders } from "./placeholders.ts";
import { buildPolicy, type PolicyInput } from "./policy.ts";
import { SANDBOX_EXEC, seatbeltArgv, seatbeltProfile } from "./seatbelt.ts";
import { settleCommand } from "./settle.ts";
import {
  type PreparedCommand,
  type PrepareOptions,
  type Sandbox,
  type SandboxOptions,
  SandboxUnavailableError,
} from "./types.ts";

function policyInput(options: SandboxOptions, mode: "read-only" | "workspace-write"): PolicyInput {
  if (!isAbsolute(options.workspace)) {
    throw new Error(`sandbox workspace must be an absolute path, got ${JSON.stringify(options.workspace)}`);
  }
  let isDir = false;
  try {
    isDir = statSync(options.workspace).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new Error(`sandbox workspace ${options.workspace} is not an existing directory`);
  const home = options.home ?? homedir();
  let tmpDir: string | undefined;
  if (options.tmpDir) {
    if (!isAbsolute(options.tmpDir))
      throw new Error(`sandbox tmpDir must be absolute, got ${options.tmpDir}`);
    makeDirSync(options.tmpDir, { mode: 0o700 });
    tmpDir = realOrSelf(options.tmpDir);
  }
  return {
    mode,
    workspace: realOrSelf(options.workspace),
    network: options.network ?? false,
    home,
    tandemHome: options.tandemHome ?? (process.env.TANDEM_HOME || join(home, ".tandem")),
    extraWritable: options.extraWritable ?? [],
    hide: (options.hide ?? []).filter((p) => isAbsolute(p)),
    ...(tmpDir ? { tmpDir } : {}),
    gitlinks: new Map(),
  };
}

function summary(backend: string, input: PolicyInput): string {
  const where = input.mode === "workspace-write" ? `workspace-write in ${input.workspace}` : "read-only";
  const extra =
    input.mode === "workspace-write" && input.extraWritable.length
      ? ` (+${input.extraWritable.length} writable)`
      : "";
  const tmp = input.tmpDir ? `/tmp = ${input.tmpDir}` : "private /tmp";
  return `${backend}: ${where}${extra}, network ${input.network ? "on" : "off"}, ${tmp}`;
}

/**
 * Creates the sandbox for one session. Throws SandboxUnavailableError (reason + fix) when a sandboxed mode is
 * requested on a system that cannot enforce it, and a plain Error for invalid options (relative workspace).
 */
export function createSandbox(options: SandboxOptions): Sandbox {
  const mode = options.mode ?? "workspace-write";
  if (mode === "full-access") {
    return {
      mode,
      prepare: (argv) => ({ argv: [...argv], finish: () => [] }),
      wrap: (argv) => [...argv],
      describe: () => "no sandbox (full-access)",
      flush() {},
    };
  }
  const input = policyInput(options, mode);
  const platform = options.platform ?? process.platform;

  if (platform === "linux") {
    const bwrap = options.bwrapPath ?? "bwrap";
    const support = checkSandboxSupportSync(bwrap);
    if (!support.ok) throw new SandboxUnavailableError(support.reason, support.fix);
    const placeholders = createPlaceholders(
      options.placeholderLingerMs === undefined ? {} : { lingerMs: options.placeholderLingerMs },
    );
    const prepare = (argv: string[], cwd?: string, prep: PrepareOptions = {}): PreparedCommand => {
      // An answer taken from the probe's cache may since have been disproved by the real probe
      // (detect.ts, `verifySandboxSupport`): every command is then refused with its reason and fix.
      const now = knownSandboxSupport(bwrap);
      if (now && !now.ok) throw new SandboxUnavailableError(now.reason, now.fix);
      const policy = buildPolicy(input);
      const overlay = prep.overlay;
      if (overlay && input.mode === "workspace-write") {
        // In the overlay's namespace we are root; without root on the host, bubblewrap maps the command back to
        // our own ids, as it does outside an overlay (files it makes are ours either way).
        const uid = process.getuid?.() ?? 0;
        const ids =
          uid === 0
            ? []
            : ["--unshare-user", "--uid", String(uid), "--gid", String(process.getgid?.() ?? uid)];
        const inner = [bwrap, ...ids, ...bwrapArgs(policy, argv, cwd, prep.holdFd)];
        return {
          argv: overlayArgv(input.workspace, overlay, inner),
          // The placeholders are made in the overlay, so they are in the upper folder, not the workspace.
          finish: () => {
            dropPlaceholders(policy, input.workspace, overlay.upper);
            overlay.afterMerge = () => settleCommand(policy);
            return [];
          },
          ...(prep.holdFd !== undefined ? { heldOn: prep.holdFd } : {}),
        };
      }
      // Recorded before the command starts; removed after it ends (a bare `wrap` keeps them while we live).
      const use = placeholders.use(policy);
      return {
        argv: [bwrap, ...bwrapArgs(policy, argv, cwd, prep.holdFd)],
        finish: () => {
          const notes = settleCommand(policy);
          use.release();
          return notes;
        },
        ...(prep.holdFd !== undefined ? { heldOn: prep.holdFd } : {}),
      };
    };
    return {
      mode,
      prepare,
      wrap: (argv, cwd) => prepare(argv, cwd).argv,
      describe: () => summary("bubblewrap", input),
      flush: () => placeholders.flush(),
    };
  }

  if (platform === "darwin") {
    // Only checkable on a real Mac; with an injected platform (tests) the profile is all that matters.
    if (process.platform === "darwin" && !existsSync(SANDBOX_EXEC)) {
      throw new SandboxUnavailableError(
        `${SANDBOX_EXEC} is missing`,
        "tandem needs macOS's built-in sandbox-exec; choose --mode full-access knowingly if it is gone",
      );
    }
    const tempDirs = [...new Set(["/private/tmp", realOrSelf(tmpdir())])];
    // sandbox-exec has no --chdir; the spawner's cwd carries over.
    const prepare = (argv: string[]): PreparedCommand => {
      const policy = buildPolicy(input);
      return {
        argv: seatbeltArgv(seatbeltProfile(policy, { tempDirs }), argv),
        finish: () => settleCommand(policy),
      };
    };
    return {
      mode,
      prepare,
      wrap: (argv) => prepare(argv).argv,
      describe: () => summary(`seatbelt (${SANDBOX_EXEC})`, input),
      flush() {},
    };
  }

  throw new SandboxUnavailableError(
    `tandem has no OS sandbox for ${platform}`,
    "run tandem under Linux (or WSL 2) or macOS, or choose --mode full-access knowingly",
  );
}
