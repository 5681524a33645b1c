/**
 * `tandem checkpoints [list | diff N | restore N | repair] [--cwd DIR]` and `tandem undo [--cwd DIR]`: the
 * workspace's checkpoints in tandem's shadow store (the user's own git repository is never touched). A store
 * that cannot work (full disk, damaged data) is reported in one message saying what to do, never a stack trace.
 */
import { tandemHome } from "../app/config.ts";
import { UserError } from "../app/user-error.ts";
import {
  checkpointLine,
  openCheckpointStore,
  repairLines,
  repairWorkspaceStore,
  undoLast,
} from "../app/workspace-history.ts";
import { storeFailureMessage, UnknownCheckpointError } from "../safety/checkpoints/faults.ts";
import { checkpointStoreDir } from "../safety/checkpoints/index.ts";
import { parseCommandArgs, parseDirectory } from "./parse.ts";

/**
 * Runs a store operation; a failure becomes one message on stderr and exit code 1. A checkpoint number that
 * names none is the user's mistake: exit 2.
 */
async function reported(workspace: string, action: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (error instanceof UnknownCheckpointError)
      throw new UserError(`${error.message} See tandem checkpoints.`);
    const storeDir = checkpointStoreDir(tandemHome(), workspace);
    process.stderr.write(`tandem: ${storeFailureMessage(error, { action, storeDir, workspace })}\n`);
    return 1;
  }
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
  const [verb = "list", ref, extra] = positionals;
  const workspace = await parseDirectory("--cwd", values.cwd);
  if (extra !== undefined) throw new UserError(`checkpoints ${verb} takes at most one checkpoint number`);
  if (verb === "repair") {
    const report = await repairWorkspaceStore(tandemHome(), workspace);
    process.stdout.write(`${repairLines(report).join("\n")}\n`);
    return 0;
  }
  if (!["list", "diff", "restore"].includes(verb))
    throw new UserError(`unknown checkpoints command "${verb}": use list, diff N, restore N or repair`);
  return reported(workspace, verb === "list" ? "list the checkpoints" : `${verb} a checkpoint`, () =>
    storeCommand(verb, ref, workspace),
  );
}

async function storeCommand(verb: string, ref: string | undefined, workspace: string): Promise<number> {
  const store = openCheckpointStore(tandemHome(), workspace);
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
  throw new UserError(`unknown checkpoints command "${verb}": use list, diff N, restore N or repair`);
}

export async function undoCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("undo", args, {
    cwd: { type: "string", short: "C" },
    overwrite: { type: "boolean" },
  });
  if (positionals.length) throw new UserError("undo takes no arguments");
  const workspace = await parseDirectory("--cwd", values.cwd);
  return reported(
    workspace,
    "undo (it first records the current state, so the undo can be reverted)",
    async () => {
      const report = await undoLast(tandemHome(), workspace, {
        overwrite: values.overwrite === true,
      });
      process.stdout.write(`${report.lines.join("\n")}\n`);
      return report.ok ? 0 : 1;
    },
  );
}
