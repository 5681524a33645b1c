/**
 * A command the sandbox holds (bubblewrap `--block-fd`): the sandbox is built while the harness still takes the
 * checkpoint before the call, and the command itself starts only when one byte arrives on the hold pipe. So the
 * sandbox's set-up (the costly part of a sandboxed command: processes, namespaces, mounts) overlaps the
 * checkpoint instead of following it, and nothing the command does can come before the checkpoint.
 *
 * bubblewrap runs the command when the pipe ends without a byte too, so a refusal never just closes it: the
 * whole process group is killed first, and the pipe closes only with the processes gone.
 */
import type { ChildProcess } from "node:child_process";
import type { Writable } from "node:stream";
import { signalGroup } from "./process-group.ts";

export type HeldStart =
  | { started: true }
  | { started: false; why: "refused" | "aborted" | "exited"; error?: unknown };

/**
 * Waits for `ready`, then lets the held command start. When `ready` rejects, the signal aborts, or the process
 * ends first (bubblewrap could not build the sandbox), the command never runs and the group is gone on return.
 */
export async function releaseWhenReady(
  child: ChildProcess,
  holdFd: number,
  ready: Promise<void>,
  signal: AbortSignal,
): Promise<HeldStart> {
  const hold = child.stdio[holdFd] as Writable | null | undefined;
  const exited = new Promise<"exited">((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve("exited");
    else child.once("exit", () => resolve("exited"));
  });
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"aborted">((resolve) => {
    if (signal.aborted) return resolve("aborted");
    onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const outcome = await Promise.race([
    ready.then(
      () => "ready" as const,
      (error: unknown) => ({ error }),
    ),
    exited,
    aborted,
  ]);
  if (onAbort) signal.removeEventListener("abort", onAbort);
  const ended = child.exitCode !== null || child.signalCode !== null;
  // The sandbox could not be built: its own error is the call's result, and nothing ran.
  if (ended) return { started: false, why: "exited" };
  if (outcome === "ready" && hold) {
    hold.end("1");
    return { started: true };
  }
  // Not to run: kill before the pipe can close (an empty pipe would let bubblewrap start the command).
  if (child.pid !== undefined) {
    signalGroup(child.pid, "SIGKILL");
    await exited;
  }
  hold?.destroy();
  if (outcome === "aborted") return { started: false, why: "aborted" };
  return { started: false, why: "refused", error: typeof outcome === "object" ? outcome.error : undefined };
}
