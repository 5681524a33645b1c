/**
 * The decision table: what each permission mode does with a command of each risk class, and, where it matters,
 * how much of what the command can touch the OS sandbox contains. Declared data: `decide` (policy.ts) reads it,
 * the "how to allow" hints (allow-hints.ts) search it for a mode and sandbox that would run a refused command,
 * and docs/safety.md prints it.
 *
 * Why `auto` runs unknown commands only when `sealed`: a command no rule knows (a project's script or binary,
 * a test runner, a computed command) can do anything its process may. In the sandbox with network off that is
 * bounded to the workspace, which the step's checkpoint and backups (ignored files, `.git`) make undoable; it
 * cannot reach TANDEM_HOME, a daemon's socket, a host process or another machine. Without the sandbox, or with
 * network on, what it does outside the workspace is neither contained nor undoable, so `auto` does not run it
 * unasked. Destructive commands go to the destructive-action guard in every mode, whatever the sandbox.
 */
import type { PermissionMode } from "../protocol/permissions.ts";
import type { SandboxMode } from "../sandbox/index.ts";
import type { Risk } from "./analysis/types.ts";

/**
 * How much of what a shell command can touch the OS sandbox contains:
 * - `sealed`: a sandbox (`workspace-write` or `read-only`) with network off: writes reach only the workspace;
 * - `local`: a sandbox with network on: the machine is contained, other machines are not;
 * - `none`: no sandbox (`full-access`, the user's explicit choice, or `--mode full`).
 */
export type Containment = "sealed" | "local" | "none";

/** The containment of a session's shell commands. */
export function containmentOf(sandbox: SandboxMode, network: boolean): Containment {
  if (sandbox === "full-access") return "none";
  return network ? "local" : "sealed";
}

/** `guard`: the destructive-action guard decides (stop and think, back up, or refuse; src/safety/gate.ts). */
export type TableAction = "allow" | "ask" | "guard";

type Cell = TableAction | Readonly<Record<Containment, TableAction>>;

export const DECISION_TABLE: Readonly<Record<PermissionMode, Readonly<Record<Risk, Cell>>>> = {
  ask: { "read-only": "allow", write: "ask", unknown: "ask", destructive: "guard" },
  auto: {
    "read-only": "allow",
    write: "allow",
    unknown: { sealed: "allow", local: "ask", none: "ask" },
    destructive: "guard",
  },
  full: { "read-only": "allow", write: "allow", unknown: "allow", destructive: "guard" },
};

export function tableAction(mode: PermissionMode, risk: Risk, containment: Containment): TableAction {
  const cell = DECISION_TABLE[mode][risk];
  return typeof cell === "string" ? cell : cell[containment];
}

/** Why a mode's `ask` cell asks: what the model and the user are told. */
export function askReason(mode: PermissionMode, risk: Risk, containment: Containment): string {
  const cell = DECISION_TABLE[mode][risk];
  if (typeof cell === "string") return `${mode} mode asks before ${risk} commands`;
  const where = CONTAINMENTS.filter((c) => cell[c] === "allow").map((c) => PLACE[c]);
  return `${mode} mode runs ${risk} commands only ${where.join(" or ")}, where checkpoints can undo what they do; ${UNCONTAINED[containment]}`;
}

/** Why a cell allows: said in the decision's reasons. */
export function allowReason(mode: PermissionMode, risk: Risk, containment: Containment): string {
  const base = `${risk} in ${mode} mode`;
  return typeof DECISION_TABLE[mode][risk] === "string"
    ? base
    : `${base}, ${PLACE[containment]}, after a checkpoint`;
}

/**
 * What each mode does with a call of a tool whose effects tandem does not know (`unknownEffects` in
 * gate-unknown.ts: kind `other`, or commands run outside the sandbox, as MCP tools will be), by what the tool
 * declares: `readOnly` (it says it changes nothing; tandem cannot check that) or not. A user's rule for the
 * tool (`tool = "<name>"`) decides before this table; a project's rule can only tighten. `refuse`: not run, with
 * how to allow it (allow-hints.ts `unknownToolHints`). Why auto refuses rather than asks: auto promises the
 * user no questions about changes it cannot undo, and nothing contains or checkpoints what such a tool does
 * outside the workspace.
 */
export const UNKNOWN_TOOL_TABLE: Readonly<
  Record<PermissionMode, { readOnly: UnknownToolAction; changing: UnknownToolAction }>
> = {
  ask: { readOnly: "ask", changing: "ask" },
  auto: { readOnly: "allow", changing: "refuse" },
  full: { readOnly: "allow", changing: "allow" },
};

export type UnknownToolAction = "allow" | "ask" | "refuse";

const CONTAINMENTS: readonly Containment[] = ["sealed", "local", "none"];

const PLACE: Record<Containment, string> = {
  sealed: "in the sandbox with network off",
  local: "in the sandbox with network on",
  none: "without a sandbox",
};

const UNCONTAINED: Record<Containment, string> = {
  sealed: "this sandbox is one",
  local:
    "this sandbox has network on (--network), so what the command does to other machines is neither contained nor undoable",
  none: "no sandbox contains this command (sandbox full-access), so what it does outside the workspace is neither contained nor undoable",
};
