/**
 * Runs one command the way the shell tool does (prepare, spawn, finish) and prints `{ code, stdout, stderr,
 * notes }` as JSON: for tests that must run tandem's side as another user or in another mount namespace.
 * Usage: node run-prepared.ts <mode> <workspace> <bash script> [<overlay folder>]
 * With an overlay folder (holding empty `upper` and `work`), the command runs on an overlay and is then merged.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { createSandbox, mergeOverlay, type SandboxMode } from "../../src/sandbox/index.ts";

const [mode, workspace, script, overlayRoot] = process.argv.slice(2);
if (!mode || !workspace || script === undefined)
  throw new Error("usage: run-prepared.ts <mode> <workspace> <script>");
const sandbox = createSandbox({ mode: mode as SandboxMode, workspace, home: workspace });
const overlay = overlayRoot
  ? { upper: join(overlayRoot, "upper"), work: join(overlayRoot, "work") }
  : undefined;
const prepared = sandbox.prepare(["bash", "-c", script], workspace, overlay ? { overlay } : {});
const [file, ...args] = prepared.argv;
const r = spawnSync(file as string, args, { cwd: workspace, encoding: "utf8" });
const notes = prepared.finish();
if (overlay) notes.push(...(await mergeOverlay(workspace, overlay)).notes);
process.stdout.write(JSON.stringify({ code: r.status, stdout: r.stdout, stderr: r.stderr, notes }));
