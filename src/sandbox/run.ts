/**
 * `runSandboxed`: runs one command inside a sandbox with the terminal's stdio, for `tandem sandbox -- CMD`.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { createSandbox } from "./create.ts";
import type { SandboxOptions } from "./types.ts";

export interface RunSandboxedOptions extends SandboxOptions {
  /** Working directory of the command. Default `workspace`. */
  cwd?: string;
  /** Environment. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Resolves with the command's exit code (128 + signal number when killed by a signal, 127 when the sandbox
 * binary cannot be started). Throws SandboxUnavailableError before running anything if the sandbox can't work.
 */
export function runSandboxed(argv: string[], options: RunSandboxedOptions): Promise<number> {
  if (argv.length === 0) return Promise.reject(new Error("runSandboxed: no command given"));
  const sandbox = createSandbox(options);
  const cwd = options.cwd ?? options.workspace;
  const prepared = sandbox.prepare(argv, cwd);
  const [file, ...args] = prepared.argv;
  return new Promise((resolve) => {
    const child = spawn(file as string, args, { cwd, env: options.env ?? process.env, stdio: "inherit" });
    child.on("error", (error) => {
      process.stderr.write(`tandem sandbox: cannot start ${file}: ${error.message}\n`);
      resolve(127);
    });
    child.on("close", (code, signal) => {
      for (const note of prepared.finish()) process.stderr.write(`tandem sandbox: ${note}\n`);
      if (code !== null) return resolve(code);
      resolve(128 + (signal ? constants.signals[signal] : 1));
    });
  });
}
