/**
 * `tandem checkpoints [list | diff N | restore N] [--cwd DIR]` and `tandem undo [--cwd DIR]`: the workspace's
 * checkpoints in tandem's shadow store (the user's own git repository is never touched).
 */
import { resolve } from "node:path";
import { tandemHome } from "../app/config.ts";
import { UserError } from "../app/user-error.ts";
import { checkpointStoreDir, createCheckpointStore } from "../safety/checkpoints/index.ts";
import { createUndoJournal, safetyPaths } from "../safety/journal.ts";
import { undoLastStep } from "../safety/undo.ts";
import { parseCommandArgs } from "./parse.ts";

function openStore(cwd: string | undefined) {
  const workspace = resolve(cwd ?? ".");
  return createCheckpointStore({ workspace, storeDir: checkpointStoreDir(tandemHome(), workspace) });
}

function parseRef(value: string | undefined, verb: string): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n <= 0)
    throw new UserError(`checkpoints ${verb} takes a checkpoint number (see tandem checkpoints)`);
  return n;
}

export async function checkpointsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("checkpoints", args, {
    cwd: { type: "string", short: "C" },
  });
  const [verb = "list", ref] = positionals;
  const store = openStore(values.cwd);
  if (verb === "list") {
    const list = await store.list();
    if (list.length === 0) process.stdout.write("no checkpoints for this workspace\n");
    for (const c of list) {
      const when = new Date(c.time).toISOString().replace("T", " ").slice(0, 19);
      process.stdout.write(
        `${String(c.seq).padStart(4)}  ${when}  ${c.kind.padEnd(7)} ${c.filesChanged} files  ${c.label}\n`,
      );
    }
    return 0;
  }
  if (verb === "diff") {
    const diff = await store.diff(parseRef(ref, "diff"));
    process.stdout.write(diff.patch || "no differences\n");
    return 0;
  }
  if (verb === "restore") {
    const result = await store.restore(parseRef(ref, "restore"));
    process.stdout.write(
      `restored checkpoint ${result.restored.seq} (${result.files.length} files changed); undo this with: tandem checkpoints restore ${result.undoPoint.seq}\n`,
    );
    return 0;
  }
  throw new UserError(`unknown checkpoints command "${verb}": use list, diff N or restore N`);
}

export async function undoCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("undo", args, { cwd: { type: "string", short: "C" } });
  if (positionals.length) throw new UserError("undo takes no arguments");
  const store = openStore(values.cwd);
  const journal = createUndoJournal(safetyPaths(tandemHome(), resolve(values.cwd ?? ".")).journal);
  // Sessions journal their steps (checkpoints and destructive-action backups); the journal wins when it has any.
  const step = await undoLastStep(journal, store);
  if (step) {
    process.stdout.write(`${step.lines.join("\n")}\n`);
    if (step.conflicts.length)
      process.stdout.write(
        `left in the backup because something is in the way: ${step.conflicts.join(", ")}\n`,
      );
    if (step.redo !== undefined)
      process.stdout.write(`redo (workspace files) with: tandem checkpoints restore ${step.redo}\n`);
    return step.conflicts.length ? 1 : 0;
  }
  const result = await store.undo();
  if (!result) {
    process.stdout.write("nothing to undo\n");
    return 0;
  }
  process.stdout.write(
    `restored the workspace to checkpoint ${result.restored.seq} (${result.files.length} files changed); redo with: tandem checkpoints restore ${result.undoPoint.seq}\n`,
  );
  return 0;
}
