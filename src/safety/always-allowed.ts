/**
 * The calls the safety gate allows in every mode, before any rule, analysis or checkpoint: tools whose declared
 * kind changes nothing (`read`, `search`, `fetch`, `think`) and that are read-only. The gate first sends command
 * tools to the analyser and path-declaring edit tools to the file checks; what declares these kinds is allowed.
 * It reads only the tool's declarations, no state, so the session's lazily loaded gate (src/app/safety-setup.ts)
 * answers these without waiting for the gate to load: a run's first call is often a read, and loading the
 * analyser and the checkpoint store must not sit between it and the next request.
 */
import type { GateCall } from "../core/gate.ts";
import { readOnlyOf } from "../core/tool.ts";
import type { ToolKind } from "../protocol/tools.ts";

const EFFECTLESS_KINDS: ReadonlySet<ToolKind> = new Set<ToolKind>(["read", "search", "fetch", "think"]);

export function alwaysAllowed(call: GateCall): boolean {
  return EFFECTLESS_KINDS.has(call.tool.kind) && readOnlyOf(call.tool);
}
