/**
 * The gate every tool call passes before it runs: approvals, permission rules, the destructive-action guard
 * and checkpoints plug in here (src/safety implements it). The loop owns the protocol side: it emits
 * `approval_requested` and waits for the `approval` submission.
 */
import type { PermissionMode, Risk } from "../protocol/permissions.ts";
import type { AnyTool } from "./tool.ts";

export interface GateCall {
  callId: string;
  tool: AnyTool;
  /** Validated arguments, as the model sent them. The gate never changes them: it returns `args` instead. */
  args: unknown;
  cwd: string;
}

export type GateDecision =
  /**
   * Run it. With `args`: run these arguments instead of the call's (the destructive-action guard's safer form
   * of a command, e.g. `--force-with-lease` for `--force`); `tool_call_started` shows them.
   */
  | { action: "allow"; args?: unknown }
  /** Ask the user. With nobody to ask (`interactive: false`), the loop denies with `reason`. */
  | {
      action: "ask";
      /** As for `allow`: what runs if the user approves. */
      args?: unknown;
      summary: string;
      risk?: Risk;
      reasons?: string[];
      /** Told to the model when the call is refused for want of someone to answer. */
      reason: string;
      /** Ways the user can let such a call run unasked (a rule, a mode); shown with the refusal. Default: none. */
      howToAllow?: string[];
    }
  /** Don't run it; `reason` goes to the model as the call's result. */
  | {
      action: "deny";
      reason: string;
      /** Ways the user can let such a call run (a rule, a mode); shown with the refusal. Default: none. */
      howToAllow?: string[];
      /**
       * The model itself can have the call run by re-issuing it (the guard's stop-and-think asks for a
       * `justification`): a stop, not a refusal, so the run is not reported as refused.
       */
      reissue?: true;
    };

export interface ToolGate {
  check(call: GateCall): Promise<GateDecision>;
  /** Called after the user approved with `approve_always`: remember it for the session. */
  remember?(call: GateCall): void;
  /**
   * Called right before an allowed, non-read-only call runs (checkpoints). A slow preparation (the first checkpoint
   * of a big workspace) reports how far it got through `onProgress`; the loop shows it as `checkpoint_progress`.
   */
  beforeRun?(call: GateCall, onProgress?: (progress: GateProgress) => void): Promise<void>;
  /**
   * Whether a tool that `startsEarly` may start while `beforeRun` runs (the guard's backups before a destructive
   * command are kept off that overlap). Default (absent): never.
   */
  mayStartEarly?(call: GateCall): boolean;
  /** Called after it ran. */
  afterRun?(call: GateCall): Promise<void>;
  /**
   * The session ends: stop what the gate runs in the background (the workspace's first checkpoint record) and
   * wait until it stopped. Called once, before `session_finished`. Never rejects.
   */
  close?(): Promise<void>;
  /**
   * Switches the permission mode for the calls checked from now on (`set_mode`); a call already checked keeps
   * its decision. Optional: without it the session cannot switch. A refusal is `{ ok: false }`, not a throw.
   */
  setMode?(mode: PermissionMode): Promise<ModeSwitch> | ModeSwitch;
}

/** How far a slow `beforeRun` got, in files. */
export interface GateProgress {
  done: number;
  total?: number;
}

/** What `setMode` did: the mode now in force (and the shell sandbox, one line), or why nothing changed. */
export type ModeSwitch =
  | { ok: true; mode: PermissionMode; sandbox?: string; note?: string }
  | { ok: false; reason: string };
