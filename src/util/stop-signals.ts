/**
 * The signals that ask a long-running command (the UI, `tandem exec`) to stop: SIGINT (Ctrl+C), SIGTERM (`kill`,
 * a supervisor) and SIGHUP (the terminal window was closed, an ssh connection dropped). Each front end handles
 * them the same way: end the turn, save the session, close it (its git and sandboxed processes with it), exit.
 * Without a handler SIGHUP kills node at once: the session is not closed and a background git keeps writing.
 */
import { constants } from "node:os";

export type StopSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

/** 128 + the signal's number, what a shell reports for a program the signal ended: 130, 143, 129. */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

/**
 * Calls `handler` on each of `signals` (every time it arrives) for as long as it is installed; returns the
 * function that removes it. While a handler is installed node does not die of these signals.
 */
export function onStopSignals(
  signals: readonly StopSignal[],
  handler: (signal: StopSignal) => void,
  target: NodeJS.Process = process,
): () => void {
  const listeners = signals.map((signal) => [signal, () => handler(signal)] as const);
  for (const [signal, listener] of listeners) target.on(signal, listener);
  return () => {
    for (const [signal, listener] of listeners) target.off(signal, listener);
  };
}
