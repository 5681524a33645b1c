/** The permission mode in the UI: the Shift+Tab cycle (ask → auto → full → ask). */
import type { PermissionMode } from "../protocol/submissions.ts";

const CYCLE: readonly PermissionMode[] = ["ask", "auto", "full"];

/** The mode after `current` in the cycle; an unknown or missing mode counts as `ask` (the UI's default). */
export function nextMode(current: string | undefined): PermissionMode {
  const i = CYCLE.indexOf(current as PermissionMode);
  return CYCLE[(Math.max(i, 0) + 1) % CYCLE.length] as PermissionMode;
}
