/**
 * The sandbox contract: how a command is confined. A sandbox never runs anything itself; it rewrites an argv
 * (`wrap`) so that whoever spawns it (the shell tool, `tandem sandbox`) runs it confined.
 */

/**
 * - `read-only`: nothing on disk is writable except a private /tmp.
 * - `workspace-write`: the workspace (and `extraWritable`) are writable too, except the protected entries of
 *   every git dir in them (src/sandbox/protected-paths.ts: config, hooks, commondir, ...) and `.tandem`.
 * - `full-access`: no sandbox at all; `wrap` returns argv unchanged.
 */
export type SandboxMode = "read-only" | "workspace-write" | "full-access";

export const SANDBOX_MODES: readonly SandboxMode[] = ["read-only", "workspace-write", "full-access"];

export interface SandboxOptions {
  /** Default `workspace-write`. */
  mode?: SandboxMode;
  /** Absolute path of the workspace root. Must exist. */
  workspace: string;
  /** Allow network access (TCP/UDP, abstract unix sockets). Default false: a fresh network namespace. */
  network?: boolean;
  /** The user's home, where secret folders (~/.ssh, ~/.aws, ...) are hidden. Default `os.homedir()`. */
  home?: string;
  /** TANDEM_HOME, whose credential files are hidden. Default `$TANDEM_HOME` or `<home>/.tandem`. */
  tandemHome?: string;
  /** More absolute paths to make writable in `workspace-write` mode. Missing ones are skipped. Default none. */
  extraWritable?: string[];
  /**
   * More absolute paths to hide, like the built-in secret list: a folder shows empty, a file or socket becomes
   * unreadable. Missing ones are skipped. Default none.
   */
  hide?: string[];
  /**
   * A host directory mounted as the sandbox's /tmp, so temp files survive between commands of one session.
   * Created if missing. Default: a fresh, empty tmpfs per command (nothing survives, nothing leaks).
   */
  tmpDir?: string;
  /** Which OS backend to use. Default `process.platform`; injectable for tests. */
  platform?: NodeJS.Platform;
  /** The bubblewrap binary. Default `bwrap` (looked up on PATH). */
  bwrapPath?: string;
  /**
   * How long the empty mount points bubblewrap makes for missing protected entries (`.git`, `.tandem`) stay after
   * a command, for the next command to reuse (src/sandbox/placeholders.ts). Default 2,000 ms; 0 removes them as
   * each command ends.
   */
  placeholderLingerMs?: number;
}

/** One command ready to spawn, and the check to run when it has ended. */
export interface PreparedCommand {
  /** Spawn this with the intended cwd and env. */
  argv: string[];
  /**
   * Call once the command has ended (its processes are gone), before tandem or anyone runs git in the
   * workspace: moves aside git redirections the command left (src/sandbox/settle.ts). Never throws; returns one
   * note per file moved aside, for the model and the user.
   */
  finish(): string[];
  /**
   * Set when the command was prepared with `holdFd` and the backend can hold it: the sandbox is set up but the
   * command waits until one byte is written to this descriptor (bubblewrap `--block-fd`); closing it unwritten
   * ends the sandbox with the command never run. Absent: the command starts at once (hold it by not spawning).
   */
  heldOn?: number;
}

/** Where an overlay run (`PrepareOptions.overlay`) writes, and what is left to do once it is merged. */
export interface OverlayRun {
  /** The overlay's upper folder: receives everything the command changes. */
  upper: string;
  /** overlayfs's scratch folder, on the upper folder's filesystem, empty. */
  work: string;
  /**
   * Set by `prepare` when the command ran: the check after the command (settle.ts), which looks at the
   * workspace, so it runs once the upper folder is merged into it. Returns its notes.
   */
  afterMerge?: () => string[];
}

export interface PrepareOptions {
  /**
   * Hold the command until a byte arrives on this descriptor of the spawned process (a pipe the spawner keeps
   * the write end of), so the sandbox's set-up overlaps work that must finish before the command runs (the
   * checkpoint before it). Backends that cannot hold ignore it (`heldOn` stays unset). Default: not held.
   */
  holdFd?: number;
  /**
   * Run the command on an overlay of the workspace (overlay.ts): its writes land in `overlay.upper` and the
   * workspace stays untouched until the caller merges them (`mergeOverlay`). Only for `workspace-write` on Linux
   * where `overlaySupported()` said yes; ignored otherwise (the command then writes the workspace, and `afterMerge`
   * stays unset). Default: the workspace itself.
   */
  overlay?: OverlayRun;
}

export interface Sandbox {
  readonly mode: SandboxMode;
  /** `wrap` plus the check after the command: what the shell tool uses for model-issued commands. */
  prepare(argv: string[], cwd?: string, options?: PrepareOptions): PreparedCommand;
  /**
   * The argv that runs `argv` inside the sandbox. Spawn it with the intended cwd and env: both pass through.
   * `cwd`, when given, is also set explicitly inside the sandbox (bubblewrap `--chdir`).
   * The filesystem is inspected on every call (does `.git` exist yet?), so call it per command. Same as
   * `prepare(argv, cwd).argv`, without the check after the command.
   */
  wrap(argv: string[], cwd?: string): string[];
  /** One line for the user, e.g. `bubblewrap, workspace-write in /repo, network off`. */
  describe(): string;
  /**
   * Removes now what the sandbox keeps between commands (the placeholders of `placeholderLingerMs`); commands
   * still running keep theirs. Call when the session ends. Never throws; the sandbox stays usable.
   */
  flush(): void;
}

export type SandboxSupport = { ok: true } | { ok: false; reason: string; fix: string };

/**
 * Thrown by `createSandbox` when a sandboxed mode is asked for but the OS sandbox cannot run. tandem never
 * falls back to running unsandboxed: the caller shows `message` (reason and fix) and stops, or the user
 * chooses `full-access` explicitly.
 */
export class SandboxUnavailableError extends Error {
  override readonly name = "SandboxUnavailableError";
  /** What is missing, e.g. "bubblewrap (bwrap) is not installed or not on PATH". */
  readonly reason: string;
  /** What the user can do about it. */
  readonly fix: string;
  constructor(reason: string, fix: string) {
    super(`sandbox unavailable: ${reason}. Nothing was run. Fix: ${fix}`);
    this.reason = reason;
    this.fix = fix;
  }
}
