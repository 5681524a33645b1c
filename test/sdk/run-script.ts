/**
 * Runs a script that imports "tandem-agent" (an example, or a probe of a test's own) in a child Node, the way a
 * user runs it, resolved to the source through the package's `tandem-source` export condition (package.json).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const examplesDir = fileURLToPath(new URL("../../examples/", import.meta.url));
/** For a probe script outside the package (where "tandem-agent" does not resolve): the entry's file URL. */
export const libraryUrl = new URL("../../src/index.ts", import.meta.url).href;

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runScript(
  script: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; nodeArgs?: string[]; timeoutMs?: number },
): Promise<ScriptResult> {
  const child = spawn(
    process.execPath,
    ["--conditions=tandem-source", ...(options.nodeArgs ?? []), script, ...args],
    { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
