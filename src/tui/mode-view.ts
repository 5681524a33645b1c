/** The permission mode in the UI: the Shift+Tab cycle (ask → auto → full → ask). */
import { PERMISSION_MODES, type PermissionMode } from "../protocol/permissions.ts";

/** The mode after `current` in the cycle; an unknown or missing mode counts as `ask` (the UI's default). */
export function nextMode(current: string | undefined): PermissionMode {
  const i = PERMISSION_MODES.indexOf(current as PermissionMode);
  return PERMISSION_MODES[(Math.max(i, 0) + 1) % PERMISSION_MODES.length] as PermissionMode;
}
