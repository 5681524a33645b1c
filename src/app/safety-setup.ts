/**
 * The safety layer of one session: the permission mode, the OS sandbox for shell commands, the rules, the
 * checkpoint store, the undo journal and the gate that ties them together. Resolved from the front end's choice
 * (command line), then config, then defaults: exec runs `auto`, the interactive UI `ask`; the sandbox is
 * `workspace-write` except in `full` mode (`full-access`); network is off. Nothing the model sends reaches here.
 * The user may switch the mode later (`set_mode`, src/app/mode-switch.ts); a sandbox chosen at start stays.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import type { GateDecision, ModeSwitch, ToolGate } from "../core/gate.ts";
import type { AnyTool } from "../core/tool.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import { alwaysAllowed } from "../safety/always-allowed.ts";
import type { CheckpointStore } from "../safety/checkpoints/index.ts";
import type { SafetyGate } from "../safety/gate.ts";
import { createPacer, type Pacer } from "../safety/pacing.ts";
import type { RuleSet } from "../safety/rules/index.ts";
import {
  createSandbox,
  type PreparedCommand,
  type Sandbox,
  type SandboxMode,
  SandboxUnavailableError,
  sandboxProbeInFlight,
  verifySandboxSupport,
} from "../sandbox/index.ts";
import type { ConfigFile } from "./config-schema.ts";
import {
  createModeSwitch,
  defaultSandbox,
  type SwitchableSandbox,
  switchableSandbox,
} from "./mode-switch.ts";
import { UserError } from "./user-error.ts";

export interface SafetyChoice {
  /** From the command line; wins over config. */
  mode?: PermissionMode;
  sandbox?: SandboxMode;
  network?: boolean;
}

export interface SafetySetupOptions extends SafetyChoice {
  home: string;
  cwd: string;
  config: ConfigFile;
  interactive: boolean;
  /**
   * The session's environment, which the git tandem runs on the host for checkpoints and step backups starts
   * from (sanitized, src/safety/host-git/env.ts). Default the process's.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Also start loading the gate this long after set-up if `prepare()` has not been called by then: the
   * interactive UI, whose first request waits for the user to type. Default: only `prepare()` (or a tool call,
   * or a mode switch) starts it, so nothing of it runs while `tandem exec` is still starting.
   */
  preloadAfterMs?: number;
  /**
   * Paces the background git of checkpoints and step backups (src/safety/pacing.ts): held at every `check`,
   * released when each request is written and at `close()`. Default: one of the session's own.
   */
  pacer?: Pacer;
}

export interface SafetySetup {
  /** The mode the session starts in. */
  mode: PermissionMode;
  /** The sandbox in force; a mode switch may replace it between commands. */
  sandbox: SwitchableSandbox;
  /**
   * The sandbox's `prepare` for the shell tool's commands: a command step the gate put on an overlay of the
   * workspace (its first record still being built, src/safety/checkpoints/overlay-steps.ts) is prepared so.
   */
  prepareCommand(argv: string[], cwd: string, hold?: { holdFd?: number; callId?: string }): PreparedCommand;
  gate: SessionGate;
  warnings: string[];
}

/** The session's gate: the safety gate, loaded on demand; its `setMode` moves the sandbox too. */
export interface SessionGate extends ToolGate {
  /**
   * Starts loading the gate (the analyser's tree-sitter grammar, checkpoints) in the background without
   * waiting; called when each model request goes out, so the first tool call finds it ready, and so the last
   * step's after-step work, held back until the request is written, starts. Idempotent.
   */
  prepare(): void;
  takeNote(callId: string): string | undefined;
  setMode(mode: PermissionMode): Promise<ModeSwitch>;
  /**
   * Stops the background work the gate started (the first checkpoint record), finishes the last step's
   * after-step work, and waits for both.
   */
  close(): Promise<void>;
}

export async function setupSafety(options: SafetySetupOptions): Promise<SafetySetup> {
  const mode: PermissionMode = options.mode ?? options.config.mode ?? (options.interactive ? "ask" : "auto");
  const chosenSandbox = options.sandbox ?? options.config.sandbox;
  const network = options.network ?? options.config.network ?? false;
  const build = (m: SandboxMode) =>
    createSandbox({ mode: m, workspace: options.cwd, network, tandemHome: options.home });
  // A probe the command started early (startSandboxProbe) answers createSandbox's check; else it probes itself.
  await sandboxProbeInFlight();
  let first: Sandbox;
  try {
    first = build(chosenSandbox ?? defaultSandbox(mode));
  } catch (error) {
    if (error instanceof SandboxUnavailableError) {
      throw new UserError(
        `${error.message}\nTo run without a sandbox, say so explicitly: --sandbox full-access (or --mode full).`,
        "sandbox_unavailable",
      );
    }
    throw error;
  }
  const userRules = join(options.home, "rules.toml");
  const projectRules = join(options.cwd, ".tandem", "rules.toml");
  // Rules files are rare; only when one exists is it loaded before start-up ends (so a mistake exits 2).
  const rules: RuleSet | undefined =
    existsSync(userRules) || existsSync(projectRules) ? await readRules(userRules, projectRules) : undefined;
  // The analyser (tree-sitter, rule self-checks), checkpoints and the gate load off the path to the first model
  // request: once it is sent (`prepare`), after `preloadAfterMs`, or at the first tool call if that comes sooner.
  const sandbox = switchableSandbox(first);
  // Background git waits while a response's tool calls are handled, until the next request is written
  // (src/safety/pacing.ts): each git it starts meanwhile would cost that path 5–10 ms.
  const pacer = options.pacer ?? createPacer();
  let ready: Promise<LoadedGate> | undefined;
  /** Set as soon as the gate has loaded (before anyone awaiting it resumes). */
  let loaded: LoadedGate | undefined;
  const stopping = new AbortController();
  // A sandbox answer `tandem exec` took from the probe's cache (src/sandbox/probe-cache.ts) is checked by a real
  // probe: once the first request is written (a fork, off the path to it; any hosted model's wait for its first
  // token hides it), or before the first sandboxed command if that comes sooner. A failure makes the sandbox refuse
  // every command with its reason.
  const sandboxChecked = () =>
    sandbox.mode === "full-access" ? Promise.resolve() : verifySandboxSupport().catch(() => undefined);
  const surroundings = { sandbox, network, userRules, pacer };
  const loadAll = () => {
    ready ??= loadGate(options, mode, rules, surroundings, stopping.signal).then((done) => {
      loaded = done;
      return done;
    });
    return ready;
  };
  const load = async () => (await loadAll()).gate;
  // Called as each model request is written: loads the gate at the first, and lets the after-step work that
  // waited for the request start (src/safety/gate.ts, `requestSent`).
  const prepare = () => {
    if (stopping.signal.aborted) return;
    pacer.release();
    void sandboxChecked();
    loadAll()
      .then((loaded) => loaded.gate.requestSent())
      .catch(() => undefined);
  };
  const timer =
    options.preloadAfterMs === undefined ? undefined : setTimeout(prepare, options.preloadAfterMs).unref();
  const close = async () => {
    // A library process creates many sessions: nothing of a closed one may stay scheduled.
    clearTimeout(timer);
    // The last step's after-step work still runs to its end (its record is what undo compares against).
    stopping.abort();
    pacer.stop();
    const loaded = await ready?.catch(() => undefined);
    await loaded?.gate.close();
    await loaded?.background;
    sandbox.flush();
  };
  const setMode = createModeSwitch({
    setGateMode: async (m) => (await load()).setMode(m),
    sandbox,
    ...(chosenSandbox ? { chosen: chosenSandbox } : {}),
    build,
  });
  return {
    mode,
    sandbox,
    prepareCommand: (argv, cwd, hold = {}) => {
      const { callId, ...rest } = hold;
      const overlay = callId === undefined ? undefined : loaded?.checkpoints.claimOverlay?.(callId);
      return sandbox.prepare(argv, cwd, overlay ? { ...rest, overlay } : rest);
    },
    gate: {
      ...lazyGate(load, () => loaded?.checkpoints, pacer, sandboxChecked),
      prepare,
      setMode,
      close,
    },
    warnings: [...(rules?.warnings ?? [])],
  };
}

async function readRules(user: string, project: string): Promise<RuleSet> {
  const { loadRules, RulesError } = await import("../safety/rules/index.ts");
  try {
    return await loadRules({ user, project });
  } catch (error) {
    if (error instanceof RulesError) throw new UserError(error.message);
    throw error;
  }
}

/** What the gate reads of the session's sandbox and rules files. */
interface GateSurroundings {
  /** Read at each check: a mode switch may replace the sandbox. */
  sandbox: Pick<Sandbox, "mode">;
  network: boolean;
  userRules: string;
  /** Paces the background git of checkpoints and step backups. */
  pacer: Pacer;
}

interface LoadedGate {
  gate: SafetyGate;
  checkpoints: CheckpointStore;
  /** The background work started with it; settles (never rejects) once done or stopped. */
  background: Promise<unknown>;
}

async function loadGate(
  options: SafetySetupOptions,
  mode: PermissionMode,
  rules: RuleSet | undefined,
  around: GateSurroundings,
  signal: AbortSignal,
): Promise<LoadedGate> {
  const [
    { loadAnalyzer, warmUpAnalyzer },
    { createCheckpointStore, createStepBackups },
    { createSafetyGate },
    { createUndoJournal, recoveredStepEntries, safetyPaths },
    { containmentOf },
    { createUserGit },
  ] = await Promise.all([
    import("../safety/analysis/index.ts"),
    import("../safety/checkpoints/index.ts"),
    import("../safety/gate.ts"),
    import("../safety/journal.ts"),
    import("../safety/policy-table.ts"),
    import("../safety/backup/repo.ts"),
  ]);
  // Paced like the background git: the grammar's load is ~30 ms of this thread, best spent while the model streams.
  loadAnalyzer({ pace: around.pacer.ready }).catch(() => undefined);
  const paths = safetyPaths(options.home, options.cwd);
  // Every git tandem runs on the host starts from the session's environment (createSession's `env`; the CLI's is
  // the process's): checkpoints, step backups, and the guard's inspections and backups in the user's repository.
  const gitEnv = options.env ? { gitEnv: options.env } : {};
  const stepBackups = createStepBackups({
    workspace: options.cwd,
    storeDir: paths.storeDir,
    dir: paths.dataDir,
    ...gitEnv,
    pace: around.pacer.ready,
  });
  const journal = createUndoJournal(paths.journal);
  const checkpoints = createCheckpointStore({
    workspace: options.cwd,
    storeDir: paths.storeDir,
    // A step an ended session left without its checkpoint gets it now, and its journal entries for undo.
    onRecoveredStep: async (step) => {
      for (const entry of recoveredStepEntries(step)) await journal.append(entry);
    },
    ...gitEnv,
    pace: around.pacer.ready,
    // bubblewrap puts a command on an overlay of the workspace in workspace-write (src/sandbox/overlay.ts).
    canOverlay: () => around.sandbox.mode === "workspace-write" && process.platform === "linux",
  });
  // Off the path to the first request, one after the other (two cores): the workspace's first record (a new
  // store: every file read, or git's index copied), so the first step only records what changed since; then the
  // first backup snapshot, which links every object of the repository and lists the ignored files.
  // The session's end stops it (`close`): a git process writing the store must not outlive the session.
  // Last, the parser's first parse (~20 ms of compiling the grammar, src/safety/analysis/parser.ts), which cannot be
  // cut: right after the next request is written, when the most time is left before a response can end. Only once
  // everything above is done: with answers as fast as the gap bench's, earlier it only moved ~20 ms from the first
  // command's path into an edit's (docs/benchmarks.md); with a hosted model's wait for its first token, it is done
  // long before the first command.
  const background = checkpoints
    .warm({ signal })
    .catch(() => undefined)
    .then(() => (signal.aborted ? undefined : stepBackups.warm()))
    .catch(() => undefined)
    .then(() => (signal.aborted ? undefined : around.pacer.nextRelease()))
    .then(() => (signal.aborted ? undefined : warmUpAnalyzer()))
    .catch(() => undefined);
  const gate = createSafetyGate({
    mode,
    ...(rules ? { rules } : {}),
    // Unknown commands run in auto only where the sandbox contains them (src/safety/policy-table.ts).
    containment: () => containmentOf(around.sandbox.mode, around.network),
    rulesFiles: { user: around.userRules, project: ".tandem/rules.toml (in the workspace)" },
    workspace: options.cwd,
    checkpoints,
    stepBackups,
    journal,
    trashDir: paths.trashDir,
    ...(options.env ? { git: createUserGit(options.env) } : {}),
    network: around.network,
    pacer: around.pacer,
  });
  return { gate, background, checkpoints };
}

const ALLOW: GateDecision = { action: "allow" };

/**
 * A gate whose parts load on demand: each call waits for them (a load failure denies the call, with why), except
 * the calls the gate allows in every mode (`alwaysAllowed`), which are answered at once.
 * Every check holds the background git (`pacer`) until the next request is written (the gate lets it go sooner
 * when a step's preparation waits on it).
 */
function lazyGate(
  load: () => Promise<SafetyGate>,
  store: () => CheckpointStore | undefined,
  pacer: Pick<Pacer, "hold">,
  sandboxChecked: () => Promise<unknown>,
): Omit<SessionGate, "prepare" | "setMode" | "close"> {
  let gate: SafetyGate | undefined;
  const ready = async () => {
    gate = await load();
    return gate;
  };
  return {
    // The same answer the gate gives, without waiting for it to load. Every call, reads included, waits for a
    // command step's changes still on an overlay to be in the workspace (src/safety/checkpoints/overlay-steps.ts).
    check: async (call) => {
      await store()?.overlaysMerged?.();
      // Background git waits from here until the next request is written (src/safety/pacing.ts).
      pacer.hold();
      // No sandboxed command runs on a cached sandbox answer not yet checked (src/sandbox/probe-cache.ts).
      if (call.tool.sandboxed) await sandboxChecked();
      return alwaysAllowed(call) ? ALLOW : (await ready()).check(call);
    },
    // Called after `check` resolved, so the gate is there.
    remember: (call) => gate?.remember?.(call),
    mayStartEarly: (call) => gate?.mayStartEarly?.(call) ?? false,
    // At once when loaded: the gate decides an overlay before the command is spawned (the tool starts next).
    beforeRun: async (call, onProgress) =>
      gate ? gate.beforeRun?.(call, onProgress) : (await ready()).beforeRun?.(call, onProgress),
    afterRun: async (call) => (await ready()).afterRun?.(call),
    // The store's notes (a crashed session's command merged now, a merge's findings) ride on the next result.
    takeNote: (callId) => {
      const notes = [gate?.takeNote(callId), ...(store()?.takeNotes?.() ?? []).map((n) => `[tandem] ${n}`)];
      return notes.filter(Boolean).join("\n") || undefined;
    },
  };
}

/** Appends the gate's note (justification recorded, backup made) to a tool's result for the model. */
export function withGateNotes(tool: AnyTool, gate: Pick<SafetyGate, "takeNote">): AnyTool {
  return {
    ...tool,
    async execute(args, context) {
      const result = await tool.execute(args, context);
      const note = gate.takeNote(context.callId);
      return note ? { ...result, content: `${result.content}\n${note}` } : result;
    },
  };
}
