/** The permission mode in the UI: the line a switch shows, and the Shift+Tab cycle (ask → auto → full → ask). */
import type { ModeChangedEvent } from "../protocol/events.ts";
import { PERMISSION_MODES, type PermissionMode } from "../protocol/permissions.ts";

/** The mode after `current` in the cycle; an unknown or missing mode counts as `ask` (the UI's default). */
export function nextMode(current: string | undefined): PermissionMode {
  const i = PERMISSION_MODES.indexOf(current as PermissionMode);
  return PERMISSION_MODES[(Math.max(i, 0) + 1) % PERMISSION_MODES.length] as PermissionMode;
}

/** One notice: the new mode, what it means, and the sandbox from the next command on (with why it stayed). */
export function modeChangedText(event: ModeChangedEvent): string {
  const meaning: Record<PermissionMode, string> = {
    ask: "changes need your approval",
    auto: "changes in the workspace run without asking",
    full: "nearly everything runs without asking",
  };
  const lines = [`mode: ${event.mode} (${meaning[event.mode]}; from the next tool call)`];
  if (event.sandbox) lines.push(`sandbox: ${event.sandbox}`);
  if (event.note) lines.push(event.note);
  return lines.join("\n");
}
