/**
 * `set_mode`: asks the gate to switch the permission mode. Switches run one after another in the order they
 * were sent (two quick Shift+Tabs land on the second one's mode), independent of the running turn: the gate
 * decides each tool call when it is checked, so a call already checked keeps its decision and the next one
 * gets the new mode. Never throws: a refusal is a non-fatal `error` and the mode stays as it was.
 */
import type { AgentEventBody } from "../protocol/events.ts";
import { isPermissionMode, type PermissionMode } from "../protocol/permissions.ts";
import { messageOf } from "../util/message-of.ts";
import type { ModeSwitch, ToolGate } from "./gate.ts";

export interface ModeSwitcherOptions {
  /** The session's gate. Default none: every switch is refused with `mode_unavailable`. */
  gate?: ToolGate;
  emit(event: AgentEventBody): void;
  /** Called once per switch that happened, before `mode_changed` (the session file records it). */
  record(mode: PermissionMode): void;
}

export interface ModeSwitcher {
  /** Queues a switch and returns at once. `mode` comes off the wire, so it is checked here. */
  request(mode: unknown): void;
  /** Resolves when every queued switch is done (the agent waits for it before `session_finished`). */
  settled(): Promise<void>;
}

export function createModeSwitcher(options: ModeSwitcherOptions): ModeSwitcher {
  const { gate, emit } = options;
  const refuse = (code: string, message: string) => emit({ type: "error", code, message, fatal: false });

  const apply = async (mode: unknown): Promise<void> => {
    if (!isPermissionMode(mode)) {
      refuse(
        "unknown_mode",
        `unknown permission mode ${JSON.stringify(mode)}: use ask, auto or full. The mode was not changed.`,
      );
      return;
    }
    if (!gate?.setMode) {
      refuse(
        "mode_unavailable",
        `this session cannot switch its permission mode (it has no safety gate with modes). Nothing changed; start a new session in ${mode} mode instead.`,
      );
      return;
    }
    let result: ModeSwitch;
    try {
      result = await gate.setMode(mode);
    } catch (error) {
      result = { ok: false, reason: messageOf(error) };
    }
    if (!result.ok) {
      refuse(
        "mode_unavailable",
        `cannot switch to ${mode} mode: ${result.reason}. The mode was not changed.`,
      );
      return;
    }
    options.record(result.mode);
    emit({
      type: "mode_changed",
      mode: result.mode,
      ...(result.sandbox ? { sandbox: result.sandbox } : {}),
      ...(result.note ? { note: result.note } : {}),
    });
  };

  let chain: Promise<void> = Promise.resolve();
  return {
    request(mode) {
      chain = chain
        .then(() => apply(mode))
        .catch((error: unknown) =>
          refuse(
            "internal",
            `could not handle set_mode: ${messageOf(error)}. The mode may not have changed.`,
          ),
        );
    },
    settled: () => chain,
  };
}
