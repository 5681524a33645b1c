/**
 * The permission vocabulary on the wire: the modes a session runs in and the risk classes commands fall in.
 * Declared once here; the CLI, the UI, config, core and safety import these rather than repeat the unions.
 */

/**
 * Every permission mode (docs/safety.md), strictest first: `ask` asks before changes, `auto` runs them
 * sandboxed, `full` runs nearly all. The order is the UI's Shift+Tab cycle and what "tighter" means when a
 * project config may only tighten the user's mode.
 */
export const PERMISSION_MODES = ["ask", "auto", "full"] as const;

/** A permission mode: one of `PERMISSION_MODES`. */
export type PermissionMode = (typeof PERMISSION_MODES)[number];

/** Whether a value off the wire, a flag or a session file is a permission mode. */
export const isPermissionMode = (value: unknown): value is PermissionMode =>
  typeof value === "string" && (PERMISSION_MODES as readonly string[]).includes(value);

/**
 * A command's risk class (docs/safety-analysis.md). Ordered read-only < write < unknown < destructive
 * (`worst` in src/safety/analysis/types.ts).
 */
export type Risk = "read-only" | "write" | "destructive" | "unknown";
