/**
 * Switching the permission mode mid-session (`set_mode`). The gate decides the calls it checks from now on in
 * the new mode. The shell sandbox follows the mode's default as at start (full → full-access, else
 * workspace-write), unless the user chose a sandbox at start (--sandbox or config): that one stays. A sandbox
 * that cannot run here is never forced: the current one stays and the switch says why. Shell commands read the
 * sandbox when they spawn (`wrap`), so a command already running keeps the one it started in.
 */

import type { ModeSwitch } from "../core/gate.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import { type Sandbox, type SandboxMode, SandboxUnavailableError } from "../sandbox/index.ts";
import { messageOf } from "../util/message-of.ts";

/** The sandbox a mode implies when the user chose none: `full` runs unsandboxed, the others write the workspace. */
export const defaultSandbox = (mode: PermissionMode): SandboxMode =>
  mode === "full" ? "full-access" : "workspace-write";

/** A sandbox whose backend can be replaced between commands. */
export interface SwitchableSandbox extends Sandbox {
  /** Commands spawned from now on run in `next`. */
  replace(next: Sandbox): void;
}

export function switchableSandbox(first: Sandbox): SwitchableSandbox {
  let current = first;
  return {
    get mode() {
      return current.mode;
    },
    prepare: (argv, cwd, options) => current.prepare(argv, cwd, options),
    wrap: (argv, cwd) => current.wrap(argv, cwd),
    describe: () => current.describe(),
    flush: () => current.flush(),
    replace(next) {
      current.flush();
      current = next;
    },
  };
}

export interface ModeSwitchOptions {
  /** Switches the gate's decisions; a refusal leaves the sandbox alone. */
  setGateMode(mode: PermissionMode): Promise<ModeSwitch>;
  sandbox: SwitchableSandbox;
  /** The sandbox the user chose at start (command line or config); it stays in every mode. Default: none. */
  chosen?: SandboxMode;
  /** Builds a sandbox for this session (workspace, network, home as at start); may throw when unavailable. */
  build(mode: SandboxMode): Sandbox;
}

/** The session's `setMode`: the gate first, then the sandbox for the next command. Never throws. */
export function createModeSwitch(options: ModeSwitchOptions): (mode: PermissionMode) => Promise<ModeSwitch> {
  const { sandbox } = options;
  return async (mode) => {
    let result: ModeSwitch;
    try {
      result = await options.setGateMode(mode);
    } catch (error) {
      result = { ok: false, reason: `the safety gate could not load (${messageOf(error)})` };
    }
    if (!result.ok) return result;
    const wanted = defaultSandbox(result.mode);
    let note: string | undefined;
    if (options.chosen) {
      if (options.chosen !== wanted)
        note = `the sandbox stays ${options.chosen}, as chosen at start (--sandbox or config)`;
    } else if (sandbox.mode !== wanted) {
      try {
        sandbox.replace(options.build(wanted));
      } catch (error) {
        const why = error instanceof SandboxUnavailableError ? error.reason : messageOf(error);
        note = `the sandbox stays ${sandbox.mode}: ${wanted} is not available here (${why})`;
      }
    }
    return { ok: true, mode: result.mode, sandbox: sandbox.describe(), ...(note ? { note } : {}) };
  };
}
