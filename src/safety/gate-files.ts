/**
 * The gate's decision for a tool of kind `edit` (`write`, `edit`, `apply_patch`, or any other that declares
 * `paths`): every path its `paths().writes` names, with symlinks resolved. A path outside the workspace is destructive (refused in auto, the user's yes otherwise);
 * a path the sandbox protects from commands (git metadata, hooks, `.tandem`) is protected from file tools too
 * (refused in auto, the user's yes in ask and full); the rest is decided by `decidePath` (rules, the mode).
 * Every refusal says how the user could allow it (allow-hints.ts).
 */

import path from "node:path";
import type { GateCall, GateDecision } from "../core/gate.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import { type GitlinkCache, protectedReason } from "../sandbox/index.ts";
import { protectedWriteHints, type RulesFiles } from "./allow-hints.ts";
import { isInside } from "./path-check.ts";
import { decidePath, type PolicyDecision } from "./policy.ts";
import type { RuleSet } from "./rules/index.ts";

export interface FileCheckContext {
  workspace: string;
  /** Permission rules. Default: none. */
  rules?: RuleSet;
  rulesFiles: RulesFiles;
  /** Gitlinks per index file, for `protectedReason`. */
  gitlinks: GitlinkCache;
  /** Approve-always memory of the session (`tool path`). */
  remembered: ReadonlySet<string>;
}

const refusedByRule = (d: PolicyDecision): GateDecision => ({
  action: "deny",
  reason: `refused by a permission rule: ${d.reasons.join("; ")}`,
  ...(d.howToAllow ? { howToAllow: d.howToAllow } : {}),
});

export function checkFileCall(call: GateCall, mode: PermissionMode, context: FileCheckContext): GateDecision {
  const { workspace, remembered } = context;
  const tool = call.tool.name;
  const given = call.tool.paths?.(call.args, { cwd: call.cwd }).writes ?? [];
  const targets = given.map((p) => path.resolve(call.cwd, p));
  const base = {
    mode,
    tool,
    rulesFiles: context.rulesFiles,
    ...(context.rules ? { rules: context.rules } : {}),
  };
  const outside = targets.filter((p) => !isInside(workspace, p));
  if (outside.length > 0) {
    const d = decidePath(tool, outside[0] as string, { ...base, risk: "destructive" });
    if (d.decision === "deny") return refusedByRule(d);
    const what = `${tool} would change ${outside.join(", ")}, outside the workspace ${workspace} (checkpoints cannot restore it)`;
    const howToAllow = protectedWriteHints("outside the workspace");
    if (mode === "auto") {
      return {
        action: "deny",
        reason: `refused: ${what}; auto mode never writes outside the workspace. Nothing was written.`,
        howToAllow,
      };
    }
    return {
      action: "ask",
      summary: `${tool} outside the workspace: ${outside.join(", ")}`,
      risk: "destructive",
      reasons: [what],
      reason: `${what}; this needs the user's explicit yes and nobody is present to give it. Nothing was written.`,
      howToAllow,
    };
  }
  let ask: GateDecision | undefined;
  for (const target of targets) {
    const d = decidePath(tool, target, base);
    if (d.decision === "deny") return refusedByRule(d);
    const guarded = protectedReason(target, workspace, context.gitlinks);
    if (guarded) {
      const howToAllow = protectedWriteHints("a protected path");
      if (mode === "auto") {
        return {
          action: "deny",
          reason: `refused: ${tool} would change a protected path: ${guarded}. Nothing was written; auto mode never changes it. Ask the user to make this change.`,
          howToAllow,
        };
      }
      if (remembered.has(`${tool} ${target}`)) continue;
      return {
        action: "ask",
        summary: `${tool} protected ${path.relative(workspace, target) || target}`,
        risk: "destructive",
        reasons: [guarded],
        reason: `${tool} would change a protected path (${guarded}); this needs the user's explicit yes and nobody is present to give it. Nothing was written.`,
        howToAllow,
      };
    }
    if (d.decision === "ask" && !remembered.has(`${tool} ${target}`)) {
      ask ??= {
        action: "ask",
        summary: `${tool} ${path.relative(workspace, target) || target}`,
        risk: d.risk,
        reasons: d.reasons,
        reason: `${tool} ${target} needs approval in ${mode} mode, but nobody is present to approve it. Nothing was written.`,
        ...(d.howToAllow ? { howToAllow: d.howToAllow } : {}),
      };
    }
  }
  return ask ?? { action: "allow" };
}
