/**
 * A git process started ahead of the moment it is asked, waiting on its stdin: starting a process costs tandem's
 * main thread 5–10 ms (src/safety/pacing.ts), so the one an early step waits for (`check-ignore`, pre-images.ts)
 * is started while the model streams (paced, like all background git) and only fed and read on the step's path.
 * Only for a command that reads what it answers from at the moment it is asked: `check-ignore` reads each
 * folder's `.gitignore` when a path in it is asked (only `info/exclude`, which the store writes when it is
 * created, and the user's global excludes file are read at its start).
 * The process is unreferenced (it never keeps tandem alive; at tandem's exit its stdin closes and it ends), and
 * `stop()` ends it with the session.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { GitResult } from "./git.ts";
import type { ShadowRepo } from "./shadow-repo.ts";

export interface SpareGit {
  /** The waiting process, fed `input` (its whole stdin) and read to its end; undefined when there is none. */
  take(): ((input: string) => Promise<GitResult>) | undefined;
  /** Starts the next spare in the background (paced) unless one is waiting or the spare was stopped. */
  fill(): void;
  /** Ends the waiting process; no spare is started again. */
  stop(): void;
}

export function createSpareGit(repo: ShadowRepo, args: readonly string[]): SpareGit {
  let waiting: { child: ChildProcess; result: Promise<GitResult> } | undefined;
  let starting = false;
  let stopped = false;

  async function start(): Promise<void> {
    const invocation = await repo.invocation(args);
    if (stopped || "refused" in invocation) return;
    const child = spawn(invocation.file, invocation.args, {
      cwd: repo.workspace,
      env: invocation.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    // A failed write (the process died) shows in its exit code; never an unhandled error.
    child.stdin?.on("error", () => undefined);
    const result = new Promise<GitResult>((resolve) => {
      child.on("error", () => resolve({ stdout: "", stderr: "spawn failed", code: -1 }));
      child.on("close", (code) =>
        resolve({
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: Buffer.concat(err).toString("utf8"),
          code: code ?? -1,
        }),
      );
    });
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr])
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    waiting = { child, result };
  }

  return {
    take() {
      const spare = waiting;
      waiting = undefined;
      if (!spare || spare.child.exitCode !== null || spare.child.signalCode !== null) return undefined;
      return (input) => {
        // Referenced again: tandem now waits for its answer (an unreferenced process and pipes would let Node
        // exit with the step half done).
        spare.child.ref();
        for (const stream of [spare.child.stdin, spare.child.stdout, spare.child.stderr])
          (stream as unknown as { ref?: () => void } | null)?.ref?.();
        spare.child.stdin?.end(input);
        return spare.result;
      };
    },
    fill() {
      if (stopped || waiting || starting) return;
      starting = true;
      start()
        .catch(() => undefined)
        .finally(() => {
          starting = false;
        });
    },
    stop() {
      stopped = true;
      waiting?.child.kill();
      waiting = undefined;
    },
  };
}
