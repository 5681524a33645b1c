/**
 * The gate's decision on a shell call (an `execute` tool the sandbox runs, gate-command.ts): its commands are
 * analysed and decided by the policy for the mode and rules; a destructive one goes through the guard (computed
 * impact, a re-issue with a `justification`, its safer form returned as the args to run). What the step needs
 * later (its risk, its analysed parts, the guard's plan) is left in the maps the gate passes in; `recordGuarded`
 * journals a guarded step's backups once it is checkpointed.
 */
import type { GateCall, GateDecision } from "../core/gate.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import { guardHints, type RulesFiles } from "./allow-hints.ts";
import { analyzeCommand, analyzerLoaded, type CommandPart, type Risk } from "./analysis/index.ts";
import type { UserGit } from "./backup/repo.ts";
import { rewrittenArgs } from "./gate-command.ts";
import { describeBackup } from "./guard/describe.ts";
import { type GuardPlan, planGuard } from "./guard/plan.ts";
import { afterReissue, bullets, shown } from "./guard/texts.ts";
import type { UndoJournal } from "./journal.ts";
import type { Pacer } from "./pacing.ts";
import { type Containment, decide, toGateDecision } from "./policy.ts";
import type { RuleSet } from "./rules/index.ts";

/** A destructive call the model re-issued with a justification: what its `beforeRun` backs up and journals. */
export interface Pending {
  plan: GuardPlan;
  command: string;
  justification: string;
}

export interface ShellCheckOptions {
  /** Absolute workspace root. */
  workspace: string;
  /** Where `rm -r` targets are moved and `git clean` targets copied. */
  trashDir: string;
  /** The git of the guard's inspections and backups (guard/plan.ts). Default the process's. */
  git?: UserGit;
  /** Default: none. */
  rules?: RuleSet;
  /** Default: the policy's own. */
  rulesFiles?: RulesFiles;
  /** Read at each check. Default `"none"`. */
  containment?: () => Containment;
  /** Whether the guard's remote look-ups may use the network (`full` always may). Default false. */
  network?: boolean;
  /** Commands the user approved for the session (normalized). */
  remembered: ReadonlySet<string>;
  /** Filled: guarded calls allowed to run, by call id. */
  pending: Map<string, Pending>;
  /** Filled: each checked call's risk, by call id. */
  risks: Map<string, Risk>;
  /** Filled: each checked call's analysed parts, by call id. */
  commandParts: Map<string, CommandPart[]>;
  /**
   * The session's pacing: urgent while a check waits for the analyser's load, which is paced in the background
   * (src/app/safety-setup.ts). Default: none.
   */
  pacer?: Pick<Pacer, "urgent">;
}

/** A command as it is remembered and warned about: trimmed, runs of spaces as one. */
export const normalize = (command: string) => command.trim().replace(/\s+/g, " ");

function argsOf(call: GateCall): Record<string, unknown> {
  return (call.args ?? {}) as Record<string, unknown>;
}

/** Each check reads the mode once (a switch during its awaits must not mix two modes in one decision). */
export function createShellCheck(
  options: ShellCheckOptions,
): (call: GateCall, command: string, mode: PermissionMode) => Promise<GateDecision> {
  const { workspace, remembered, pending, risks, commandParts } = options;
  /** Destructive commands whose impact the model has been shown. */
  const warned = new Set<string>();
  return async function checkShell(
    call: GateCall,
    command: string,
    mode: PermissionMode,
  ): Promise<GateDecision> {
    const args = argsOf(call);
    const justification = typeof args.justification === "string" ? args.justification.trim() : "";
    const key = normalize(command);
    // A call that comes before the parser has loaded waits for it: nothing may hold that load back meanwhile.
    const endUrgent = analyzerLoaded() ? undefined : options.pacer?.urgent();
    const analysis = await analyzeCommand(command, { cwd: call.cwd, workspaceRoots: [workspace] }).finally(
      () => endUrgent?.(),
    );
    risks.set(call.callId, analysis.risk);
    commandParts.set(call.callId, analysis.commands);
    const decision = decide(analysis, {
      mode,
      // Rules name the tool they are for: a second command tool has rules of its own.
      tool: call.tool.name,
      ...(options.rules ? { rules: options.rules } : {}),
      containment: options.containment?.() ?? "none",
      ...(options.rulesFiles ? { rulesFiles: options.rulesFiles } : {}),
    });
    if (decision.decision === "deny" || !decision.guard) {
      if (decision.decision === "ask" && remembered.has(key)) return { action: "allow" };
      return toGateDecision(decision, command, mode);
    }

    const plan = await planGuard(analysis, {
      cwd: call.cwd,
      workspace,
      trashDir: options.trashDir,
      ...(options.git ? { git: options.git } : {}),
      network: options.network === true || mode === "full",
    });
    const irreversible = !plan.reversible || plan.outside;
    const impact = bullets(plan.impact);
    if (mode === "auto" && irreversible) {
      return {
        action: "deny",
        reason: `refused: \`${shown(command)}\` cannot be undone or acts outside the workspace, and auto mode never runs such commands. It would:\n${impact}\nNothing was run. Use a narrower command inside the workspace, or ask the user to run it themselves.`,
        howToAllow: guardHints(mode, plan),
      };
    }
    if (!justification || !warned.has(key)) {
      warned.add(key);
      const then = afterReissue(mode, plan);
      return {
        action: "deny",
        reason: `stopped before a destructive command: \`${shown(command)}\`. It would destroy:\n${impact}\nNothing was run. Prefer a safer command that keeps this work. If it is truly required, re-issue the same call with a \`justification\` argument saying why (${then}).`,
        reissue: true,
      };
    }
    pending.set(call.callId, { plan, command, justification });
    const runs = rewrittenArgs(call, plan, command);
    if (!runs) {
      pending.delete(call.callId);
      return {
        action: "deny",
        reason: `refused: \`${shown(command)}\` may run only in its safer form (\`${shown(plan.rewrite(command))}\`), and ${call.tool.name}'s arguments cannot carry it. Nothing was run; issue the safer command instead.`,
      };
    }
    if (mode === "ask" || plan.outside || (irreversible && mode !== "full")) {
      return {
        action: "ask",
        ...runs,
        summary: `Run destructive \`${shown(command)}\``,
        risk: "destructive",
        reasons: [...plan.impact, `justification: ${justification}`],
        reason: `\`${shown(command)}\` is destructive and needs the user's explicit yes, but nobody is present to approve it. Nothing was run. It would:\n${impact}`,
        howToAllow: guardHints(mode, plan),
      };
    }
    return { action: "allow", ...runs };
  };
}

export interface GuardedRecord {
  checkpoint?: number;
  /** The step backups' key. */
  data?: string;
  time: number;
  callId: string;
  /** Default: none (nothing journalled). */
  journal?: UndoJournal;
}

/**
 * Backs up what a guarded command destroys, journals it with the justification, and returns the note for the
 * model (justification recorded, what was backed up, the safer form it ran as).
 */
export async function recordGuarded(guarded: Pending, record: GuardedRecord): Promise<string> {
  const backups = await guarded.plan.backup();
  // The loop runs the decision's `args` (rewrittenArgs in checkShell): this is only said to the model.
  const rewritten = guarded.plan.rewrite(guarded.command);
  await record.journal?.append({
    type: "backup",
    ...(record.checkpoint !== undefined ? { checkpoint: record.checkpoint } : {}),
    command: guarded.command,
    justification: guarded.justification,
    backups,
    time: record.time,
    call_id: record.callId,
    ...(record.data ? { data: record.data } : {}),
  });
  const kept = backups.map(describeBackup);
  return [
    `[tandem] justification recorded: ${guarded.justification}`,
    kept.length ? `[tandem] backed up first: ${kept.join("; ")}. \`tandem undo\` reverses this step.` : "",
    rewritten !== guarded.command ? `[tandem] ran as: ${rewritten}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
