/**
 * Runs a command the user typed themselves (`!command` in the UI; any front end may offer it). It is the user's
 * own action, like typing in another terminal: their shell (`$SHELL -c`, else bash), their environment, the
 * session's folder, and neither the agent's sandbox nor the safety gate. The command gets its own process group
 * (so the user can stop everything it started) and a closed stdin (the front end owns the terminal). Output is
 * kept bounded: a head and a rolling tail. What the model is told of it: `user-shell-context.ts`.
 */
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { drain, groupAlive, terminateGroup } from "../tools/process-group.ts";

export interface UserShellOptions {
  /** The command line, as the user typed it (after the UI's `!`). */
  command: string;
  cwd: string;
  /** Default `process.env`: the user's own environment, passed whole (it is their command) and never logged. */
  env?: NodeJS.ProcessEnv;
  /** Default `env.SHELL`, else `bash`. */
  shell?: string;
  /** Each piece of stdout/stderr as it arrives (interleaved in arrival order). */
  onOutput?(text: string): void;
  /** Between SIGTERM and SIGKILL when the user stops it. Default 1_000 ms. */
  killGraceMs?: number;
  /** Characters kept from the start of the output. Default 16_384. */
  headChars?: number;
  /** Characters kept from the end once the output outgrows twice this. Default 65_536. */
  tailChars?: number;
}

export interface UserShellResult {
  command: string;
  /** Null when it was killed by a signal or could not start. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** True when the user stopped it (Esc, Ctrl+C). */
  killed: boolean;
  durationMs: number;
  /** The start of the output (all of it when `omittedChars` is 0 and `tail` is empty). */
  head: string;
  /** The end of the output, after `omittedChars` characters left out. */
  tail: string;
  omittedChars: number;
  /** Newlines seen in the whole output. */
  lineBreaks: number;
  /** Set when the shell could not be started. */
  error?: string;
}

export interface UserShellRun {
  readonly pid: number | undefined;
  /** Resolves once the command has exited and its output is read; never rejects. */
  readonly done: Promise<UserShellResult>;
  /** Stops the whole process group (SIGTERM, then SIGKILL after the grace). */
  kill(): void;
}

export function runUserShell(options: UserShellOptions): UserShellRun {
  const env = options.env ?? process.env;
  const shell = options.shell ?? (env.SHELL?.trim() || "bash");
  const headMax = options.headChars ?? 16_384;
  const tailMax = options.tailChars ?? 65_536;
  const started = Date.now();
  let head = "";
  let tail = "";
  let omitted = 0;
  let lineBreaks = 0;
  let killed = false;
  const result = (end: Pick<UserShellResult, "exitCode" | "signal" | "error">): UserShellResult => ({
    command: options.command,
    killed,
    durationMs: Date.now() - started,
    head,
    tail,
    omittedChars: omitted,
    lineBreaks,
    ...end,
  });

  // A missing folder would surface as "spawn bash ENOENT", blaming the shell: run nothing and say which.
  const cwdError = folderProblem(options.cwd);
  if (cwdError) {
    return {
      pid: undefined,
      done: Promise.resolve(result({ exitCode: null, signal: null, error: `not run: ${cwdError}` })),
      kill: () => undefined,
    };
  }

  const keep = (text: string) => {
    for (const c of text) if (c === "\n") lineBreaks++;
    options.onOutput?.(text);
    let rest = text;
    if (head.length < headMax) {
      const take = rest.slice(0, headMax - head.length);
      head += take;
      rest = rest.slice(take.length);
    }
    tail += rest;
    if (tail.length > 2 * tailMax) {
      omitted += tail.length - tailMax;
      tail = tail.slice(-tailMax);
    }
  };

  const child = spawn(shell, ["-c", options.command], {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const source of [child.stdout, child.stderr]) {
    const decoder = new StringDecoder("utf8");
    source.on("data", (data: Buffer) => {
      const text = decoder.write(data);
      if (text) keep(text);
    });
    source.on("end", () => {
      const text = decoder.end();
      if (text) keep(text);
    });
  }

  let killing: Promise<unknown> | undefined;
  const kill = () => {
    // Also after the shell exited: something it started in the background may still hold the output open.
    if (child.pid === undefined || !groupAlive(child.pid)) return;
    killed = true;
    killing ??= terminateGroup(child.pid, options.killGraceMs ?? 1_000);
  };

  const done = (async (): Promise<UserShellResult> => {
    const outcome = await new Promise<
      { code: number | null; signal: NodeJS.Signals | null } | { error: Error }
    >((resolve) => {
      child.once("error", (error) => resolve({ error }));
      child.once("exit", (code, signal) => resolve({ code, signal }));
    });
    if (killing) await killing;
    await drain(child.stdout, child.stderr, child.pid);
    if ("error" in outcome)
      return result({
        exitCode: null,
        signal: null,
        error: `could not start ${shell}: ${outcome.error.message}`,
      });
    return result({ exitCode: outcome.code, signal: outcome.signal });
  })();

  return { pid: child.pid, done, kill };
}

function folderProblem(cwd: string): string | undefined {
  try {
    return statSync(cwd).isDirectory() ? undefined : `${cwd} is not a folder`;
  } catch (error) {
    return `the folder ${cwd} cannot be used (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`;
  }
}
