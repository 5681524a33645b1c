/**
 * Runs one command the way the shell tool does (prepare, spawn, finish) and prints `{ code, stdout, stderr,
 * notes }` as JSON: for tests that must run tandem's side as another user or in another mount namespace.
 * Usage: node run-prepared.ts <mode> <workspace> <bash script>
 */
import { spawnSync } from "node:child_process";
import { createSandbox, type SandboxMode } from "../../src/sandbox/index.ts";

const [mode, workspace, script] = process.argv.slice(2);
if (!mode || !workspace || script === undefined)
  throw new Error("usage: run-prepared.ts <mode> <workspace> <script>");
const sandbox = createSandbox({ mode: mode as SandboxMode, workspace, home: workspace });
const prepared = sandbox.prepare(["bash", "-c", script], workspace);
const [file, ...args] = prepared.argv;
const r = spawnSync(file as string, args, { cwd: workspace, encoding: "utf8" });
const notes = prepared.finish();
process.stdout.write(JSON.stringify({ code: r.status, stdout: r.stdout, stderr: r.stderr, notes }));
