/**
 * `tandem apply-patch [--dry-run] [-C DIR] < PATCH`: applies a Codex-format patch read from stdin. All or
 * nothing: on any failure no file changes and the exit code is 1.
 */
import { UserError } from "../app/user-error.ts";
import { applyPatchText, summarizeChanges } from "../tools/apply-patch/apply.ts";
import { parseCommandArgs, parseDirectory } from "./parse.ts";

export async function applyPatchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("apply-patch", args, {
    "dry-run": { type: "boolean" },
    cwd: { type: "string", short: "C" },
  });
  if (positionals.length > 0)
    throw new UserError("apply-patch reads the patch from stdin: tandem apply-patch < fix.patch");
  const cwd = await parseDirectory("--cwd", values.cwd);
  if (process.stdin.isTTY)
    throw new UserError("apply-patch reads the patch from stdin; pipe or redirect it in");
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  const patch = Buffer.concat(parts).toString("utf8");
  const result = await applyPatchText(patch, { cwd, dryRun: values["dry-run"] === true });
  if (!result.ok) {
    process.stderr.write(`apply-patch: ${result.error}\n`);
    return 1;
  }
  const summary = summarizeChanges(result.changes);
  process.stdout.write(`${values["dry-run"] ? "would change (dry run):\n" : ""}${summary}\n`);
  return 0;
}
