/**
 * Undoing what a step did to ignored files, from the snapshots taken before and after it (ignored-backup.ts):
 * every ignored file the step deleted or rewrote comes back with its exact bytes and mode. Files the step created
 * stay (they are ignored: build output, logs). A file changed again after the step (by the user, a server writing
 * its log) is left as it is and named, so undo never throws away work done since. Without the after-step
 * snapshot (a crash), the current state stands for it.
 */

import { createHash } from "node:crypto";
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { messageOf } from "../../util/message-of.ts";
import type { IgnoredBackup } from "./ignored-backup.ts";

export interface IgnoredAction {
  /** Workspace-relative path. */
  path: string;
  why: "deleted" | "changed";
  /** Content hash to write back; absent when the file was over the backup budget. */
  sha?: string;
  mode?: number;
  /** Bytes of an unprotected file. */
  size?: number;
}

export interface IgnoredPlan {
  actions: IgnoredAction[];
  /** Files the step changed that were changed again since: kept, named to the user. */
  changedSince: string[];
}

export function planIgnoredRestore(backup: IgnoredBackup, before: string, after: string | null): IgnoredPlan {
  const lines = backup.log.read();
  const old = lines.get(before);
  const plan: IgnoredPlan = { actions: [], changedSince: [] };
  if (!old) return plan;
  const next = after ? lines.get(after) : undefined;
  for (const [rel, sha] of Object.entries(old.files)) {
    const afterSha = next ? next.files[rel] : undefined;
    if (next && afterSha === sha) continue; // the step left it alone
    const current = hashOf(path.join(backup.workspace, rel));
    if (current === sha) continue;
    // Changed again after the step (it differs from what the step left): not ours to revert.
    if (next && current !== afterSha && !(current === null && afterSha === undefined)) {
      plan.changedSince.push(rel);
      continue;
    }
    const mode = old.modes?.[rel] ?? 0o644;
    plan.actions.push({ path: rel, why: current === null ? "deleted" : "changed", sha, mode });
  }
  for (const [rel, size] of Object.entries(old.unprotected ?? {})) {
    if (next && next.unprotected?.[rel] === size) continue;
    const now = sizeOf(path.join(backup.workspace, rel));
    if (now === size) continue;
    plan.actions.push({ path: rel, why: now === null ? "deleted" : "changed", size });
  }
  return plan;
}

export interface IgnoredReport {
  restored: string[];
  notRestorable: string[];
}

export function applyIgnoredRestore(backup: IgnoredBackup, plan: IgnoredPlan): IgnoredReport {
  const report: IgnoredReport = { restored: [], notRestorable: [] };
  for (const action of plan.actions) {
    if (!action.sha) {
      report.notRestorable.push(
        `${action.path} (${action.why}; ${action.size} bytes, over the backup budget)`,
      );
      continue;
    }
    try {
      if (!backup.blobs.restore(action.sha, path.join(backup.workspace, action.path), action.mode))
        throw new Error("its backup is missing");
      report.restored.push(action.path);
    } catch (error) {
      report.notRestorable.push(`${action.path} (${messageOf(error)})`);
    }
  }
  return report;
}

function hashOf(file: string): string | null {
  try {
    return createHash("sha1").update(readFileSync(file)).digest("hex");
  } catch {
    return null;
  }
}

function sizeOf(file: string): number | null {
  try {
    return lstatSync(file).size;
  } catch {
    return null;
  }
}
