/**
 * When the checkpoint store cannot record (the disk is full, the store is damaged), every changing call is
 * refused, because nothing could undo it. One kind is let through: a command that only deletes files created
 * since the last checkpoint. Undoing to that checkpoint would remove them anyway, so deleting them loses
 * nothing undo could bring back, and it is exactly the cleanup that frees a full disk.
 *
 * Decided from declared data: every part of the command that is not read-only must be matched only by the
 * delete-only rules below (by the analysis, no wrapper), with literal operands inside the workspace, each of them new since the last
 * checkpoint (src/safety/checkpoints/fresh-paths.ts). Anything else (a redirection, a glob, an ignored file,
 * a file in the last checkpoint) keeps the refusal.
 */
import type { CommandPart } from "./analysis/index.ts";
import { classifyStoreFault, storeFailureMessage } from "./checkpoints/faults.ts";
import { newSinceLastCheckpoint } from "./checkpoints/fresh-paths.ts";

/** Analysis rules whose commands do nothing but delete their operands. */
const DELETE_ONLY_RULES: ReadonlySet<string> = new Set(["rm", "rm-recursive", "rmdir"]);

/** Characters that make an operand's meaning depend on the shell (globs, expansions, home). */
const notLiteral = /[*?[\]{}$`~\\]/;

export interface CleanupCheck {
  workspace: string;
  storeDir: string;
  /** Directory the command runs in (a part's own `cd` wins). */
  cwd: string;
}

/**
 * The paths the command deletes when it may run without a checkpoint, else undefined. Reads only; never
 * throws (a failure to tell is a no).
 */
export async function deletesOnlyNewFiles(
  parts: readonly CommandPart[] | undefined,
  check: CleanupCheck,
): Promise<string[] | undefined> {
  if (!parts?.length) return undefined;
  const targets: string[] = [];
  for (const part of parts) {
    // Parts that change nothing (`cd dir &&`, `ls`) are no obstacle.
    if (part.risk === "read-only" && !part.via?.length) continue;
    if (part.via?.length || part.rules.length === 0) return undefined;
    if (!part.rules.every((rule) => DELETE_ONLY_RULES.has(rule))) return undefined;
    const operands = operandsOf(part.argv.slice(1));
    if (operands.length === 0 || operands.some((o) => notLiteral.test(o))) return undefined;
    const cwd = part.cwd ?? check.cwd;
    for (const o of operands) targets.push(o.startsWith("/") ? o : `${cwd}/${o}`);
  }
  if (targets.length === 0) return undefined;
  try {
    const fresh = await newSinceLastCheckpoint(
      { workspace: check.workspace, storeDir: check.storeDir },
      targets,
    );
    return fresh.fresh ? targets : undefined;
  } catch {
    return undefined;
  }
}

/** Operands of an option-style command: words after `--`, and words not starting with `-` before it. */
function operandsOf(args: readonly string[]): string[] {
  const out: string[] = [];
  let options = true;
  for (const arg of args) {
    if (options && arg === "--") options = false;
    else if (options && arg.startsWith("-") && arg !== "-") continue;
    else out.push(arg);
  }
  return out;
}

/**
 * After the checkpoint before a call failed with `error`: the note for the model when the call may still run
 * (`parts` of a shell command that only deletes new files), else throws the store's readable failure.
 */
export async function runWithoutCheckpoint(
  error: unknown,
  parts: readonly CommandPart[] | undefined,
  check: CleanupCheck,
): Promise<string> {
  const freed = parts ? await deletesOnlyNewFiles(parts, check) : undefined;
  if (!freed) {
    const action = "record a checkpoint before this call";
    throw new Error(
      storeFailureMessage(error, { action, storeDir: check.storeDir, workspace: check.workspace }),
    );
  }
  const why =
    classifyStoreFault(error) === "disk-full" ? "the disk is full" : "the checkpoint store cannot record";
  return `[tandem] ran without a checkpoint (${why}): it only deletes files created since the last checkpoint (${freed.join(", ")}), which undoing to that checkpoint would remove anyway.`;
}
