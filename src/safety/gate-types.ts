/**
 * The safety gate's contract: what a session gives `createSafetyGate` (gate.ts) and what it gets back beyond the
 * core's `ToolGate` (after-step work, notes for the model, the mode).
 */
import type { ModeSwitch, ToolGate } from "../core/gate.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import type { RulesFiles } from "./allow-hints.ts";
import type { UserGit } from "./backup/repo.ts";
import type { CheckpointStore, StepBackups } from "./checkpoints/index.ts";
import type { UndoJournal } from "./journal.ts";
import type { Pacer } from "./pacing.ts";
import type { Containment } from "./policy.ts";
import type { ProgressThrottleOptions } from "./progress-throttle.ts";
import type { RuleSet } from "./rules/index.ts";

export interface SafetyGateOptions {
  /** The mode it starts in; `setMode` switches it. */
  mode: PermissionMode;
  /** Permission rules (user + project). Default: none. */
  rules?: RuleSet;
  /** The rules files named when a refusal says how to allow the call. Default: `~/.tandem/rules.toml`, `.tandem/rules.toml`. */
  rulesFiles?: RulesFiles;
  /**
   * How much the OS sandbox contains the next shell command, read at each check (a mode switch may replace the
   * sandbox). Default: `"none"` (a gate not told about its sandbox does not count on one).
   */
  containment?: () => Containment;
  /** Absolute workspace root. */
  workspace: string;
  /** Checkpoints before each changing step. Default: none (no checkpoints, steps are not undoable). */
  checkpoints?: CheckpointStore;
  /**
   * Backs up the git directory and ignored files (which checkpoints skip) before and after each changing step;
   * used with `checkpoints` (it reads the same shadow repository's ignore rules). Default: none (a step that
   * deletes `.git` internals or ignored files cannot be undone).
   */
  stepBackups?: StepBackups;
  /** Records steps and backups for `tandem undo`. Default: none. */
  journal?: UndoJournal;
  /** Where `rm -r` targets are moved and `git clean` targets copied. */
  trashDir: string;
  /** The git of the guard's inspections and backups (guard/plan.ts). Default the process's. */
  git?: UserGit;
  /**
   * Whether sandboxed commands have network. The guard's own remote look-ups (run by tandem, outside the
   * sandbox) get no more: a URL the model writes must not become a way out. Default false; `full` mode (no
   * sandbox) always may.
   */
  network?: boolean;
  /**
   * While a shell command runs, the workspace is checkpointed this often (ms), so a file the user saves mid-run
   * stays recoverable if the command overwrites it. Default 1000; 0 turns it off.
   */
  runCheckpointMs?: number;
  /**
   * When a checkpoint before a step is slow (the first one of a big workspace), its progress is reported to the
   * caller of `beforeRun` after `afterMs`, then every `everyMs`. Default 1000 ms each.
   */
  progress?: ProgressThrottleOptions;
  /**
   * The after-step work waits for the next request to be written (`requestSent`), or this many ms after the
   * step, whichever comes first (a turn that ends sends no request). Default 100.
   */
  afterStartMs?: number;
  /**
   * The session's pacing of background git (pacing.ts): urgent while a step's preparation waits on work that
   * may be held (a checkpoint queued behind it, the last step's after-step work, a step backup). Default: none.
   */
  pacer?: Pick<Pacer, "urgent">;
}

export interface SafetyGate extends ToolGate {
  /**
   * The next model request is written: the after-step work of the last step (its checkpoint, backups and
   * journal record), held back so it does not compete with sending it, starts now.
   */
  requestSent(): void;
  /** Starts the after-step work still waiting and resolves once all of it is done. Never rejects. */
  close(): Promise<void>;
  /** A note for the model about what the gate did for this call (justification recorded, backup made). */
  takeNote(callId: string): string | undefined;
  /**
   * Decides the calls checked from now on in `mode` (a call already checked keeps its decision). Approvals
   * remembered this session and the guard's stop-and-think memory stay. An unknown mode changes nothing.
   */
  setMode(mode: PermissionMode): ModeSwitch;
  /** The mode in force. */
  mode(): PermissionMode;
}
