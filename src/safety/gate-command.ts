/**
 * The gate's view of a command tool's calls (a tool of kind `execute` that declares `sandboxed` and `command`:
 * the shell): the command line it analyses, and the arguments a guarded call runs with. Decided by what the tool
 * declares, never by its name.
 */
import type { GateCall } from "../core/gate.ts";
import type { GuardPlan } from "./guard/plan.ts";

function argsOf(call: GateCall): Record<string, unknown> {
  return (call.args ?? {}) as Record<string, unknown>;
}

/** The command line a call runs, when its tool is one whose commands the gate analyses (the shell). */
export function commandOf(call: GateCall): string | undefined {
  const { tool } = call;
  if (tool.kind !== "execute" || tool.sandboxed !== true || !tool.command) return undefined;
  return String(tool.command(call.args) ?? "");
}

/**
 * The arguments a guarded call runs with: its command in the guard's safer form, set on a copy (the call's own
 * arguments are what the model sent and stay so). `{}` when the rewrite changes nothing; `undefined` when the
 * tool's arguments do not take it (its `command` does not read the `command` field): the call must not run then.
 */
export function rewrittenArgs(
  call: GateCall,
  plan: GuardPlan,
  command: string,
): { args?: unknown } | undefined {
  const rewritten = plan.rewrite(command);
  if (rewritten === command) return {};
  // The shell tool's command is its `command` argument (src/tools/shell.ts); the copy keeps every other field.
  const args = { ...argsOf(call), command: rewritten };
  return call.tool.command?.(args) === rewritten ? { args } : undefined;
}
