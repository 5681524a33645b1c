/**
 * `tandem checkpoints [list | diff N | restore N] [--cwd DIR]` and `tandem undo [--cwd DIR]`: the workspace's
 * checkpoints in tandem's shadow store (the user's own git repository is never touched).
 */
import { tandemHome } from "../app/config.ts";
import { UserError } from "../app/user-error.ts";
import { checkpointLine, openCheckpointStore, undoLast } from "../app/workspace-history.ts";
import { parseCommandArgs } from "./parse.ts";

const openStore = (cwd: string | undefined) => openCheckpointStore(tandemHome(), cwd ?? ".");

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
    for (const c of list) process.stdout.write(`${checkpointLine(c)}\n`);
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
  const report = await undoLast(tandemHome(), values.cwd ?? ".");
  process.stdout.write(`${report.lines.join("\n")}\n`);
  return report.ok ? 0 : 1;
}
