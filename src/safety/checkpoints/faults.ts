import { messageOf } from "../../util/message-of.ts";
/**
 * What went wrong when the checkpoint store could not do its job, told apart so the user hears what happened,
 * what was kept and what to do: a full disk (a model can fill the partition) is fixed by freeing space; a
 * damaged store (truncated objects, a garbage ref or index) by `tandem checkpoints repair`. Anything else is
 * reported as it is.
 */

export type StoreFaultKind = "disk-full" | "damaged" | "other";

const diskFull = /ENOSPC|EDQUOT|No space left on device|Disk quota exceeded/i;
/** git's and our own wording for unreadable store data. */
const damaged =
  /corrupt|broken ref|bad object|bad revision|unable to unpack|index file smaller|bad signature|bad index|not a valid object|missing (blob|tree|commit)|inflate|bad tree|packfile|could not be read back|invalid object|unknown index entry format|short read|unable to read [0-9a-f]{40}|header for [0-9a-f]{40}/i;

/** Thrown by the store when it reads data it cannot trust; `tandem checkpoints repair` fixes it. */
export class StoreDamagedError extends Error {
  constructor(detail: string) {
    super(`the checkpoint store is damaged: ${detail}`);
    this.name = "StoreDamagedError";
  }
}

/** A checkpoint number or id that names no checkpoint: the caller's mistake, not the store's fault. */
export class UnknownCheckpointError extends Error {
  override name = "UnknownCheckpointError";
}

function textOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.message];
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === "string") parts.push(code);
  const stderr = (error as { stderr?: unknown }).stderr;
  if (typeof stderr === "string") parts.push(stderr);
  return parts.join("\n");
}

export function classifyStoreFault(error: unknown): StoreFaultKind {
  const text = textOf(error);
  if (diskFull.test(text)) return "disk-full";
  if (error instanceof StoreDamagedError || damaged.test(text)) return "damaged";
  return "other";
}

export interface StoreFailureContext {
  /** What could not be done, e.g. "record a checkpoint before this call". */
  action: string;
  /** The store's directory, named so the user can look at it or free space there. */
  storeDir: string;
  /** The workspace, for the repair command's `--cwd`. */
  workspace: string;
}

/** One message: what happened, what was kept, what to do. */
export function storeFailureMessage(error: unknown, context: StoreFailureContext): string {
  const kind = classifyStoreFault(error);
  const detail = messageOf(error).split("\n")[0];
  const repair = `tandem checkpoints repair --cwd ${JSON.stringify(context.workspace)}`;
  if (kind === "disk-full") {
    return (
      `the disk is full: tandem could not ${context.action} (the store ${context.storeDir} cannot be written). ` +
      "Earlier checkpoints are kept. Free some space and try again: deleting only files created since the " +
      "last checkpoint runs without one."
    );
  }
  if (kind === "damaged") {
    return (
      `tandem could not ${context.action}: the checkpoint store ${context.storeDir} is damaged (${detail}). ` +
      `Nothing was changed. Run \`${repair}\`: it keeps every checkpoint that can be read, rebuilds the rest ` +
      "and says what was lost."
    );
  }
  return `tandem could not ${context.action}: ${detail}. Earlier checkpoints are kept.`;
}
