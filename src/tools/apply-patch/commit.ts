/**
 * Writes a plan to disk: each file atomically (temp + rename), deletions last. If any write fails, files
 * already written are put back as they were, so the workspace ends as before the patch or fully patched.
 */

import { unlink } from "node:fs/promises";
import { messageOf } from "../../util/message-of.ts";
import { atomicWrite } from "../atomic-write.ts";
import type { PlannedFile } from "./plan.ts";

export type CommitResult = { ok: true } | { ok: false; error: string };

export async function commitPlan(files: PlannedFile[]): Promise<CommitResult> {
  const changed = files.filter((f) => !sameBytes(f.before, f.after));
  // Writes first, deletions after: a failed write then leaves nothing deleted.
  const ordered = [...changed.filter((f) => f.after !== null), ...changed.filter((f) => f.after === null)];
  const done: PlannedFile[] = [];
  for (const file of ordered) {
    try {
      if (file.after === null) await unlink(file.abs);
      else await atomicWrite(file.abs, file.after);
      done.push(file);
    } catch (error) {
      const failed = `Patch not applied: writing '${file.path}' failed (${messageOf(error)}).`;
      const notRestored = await rollback(done);
      if (notRestored.length === 0) return { ok: false, error: `${failed} No file was changed.` };
      return {
        ok: false,
        error: `${failed} Could not restore ${notRestored.join(", ")}: check them. Other files are as before.`,
      };
    }
  }
  return { ok: true };
}

async function rollback(done: PlannedFile[]): Promise<string[]> {
  const failed: string[] = [];
  for (const file of done.reverse()) {
    try {
      if (file.before === null) await unlink(file.abs);
      else await atomicWrite(file.abs, file.before);
    } catch {
      failed.push(file.path);
    }
  }
  return failed;
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  if (a === null || b === null) return a === b;
  return a.equals(b);
}
