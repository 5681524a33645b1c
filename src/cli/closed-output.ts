/**
 * When the reader of tandem's output goes away (`tandem policy check … | head`, a closed terminal), the next
 * write fails with EPIPE. Node ignores SIGPIPE and reports the failure as an `error` event on the stream; with
 * no listener that event becomes an uncaught exception and a stack trace. Every subcommand writes through
 * process.stdout/stderr, so one watcher here covers them all.
 */

/** 128 + SIGPIPE: what a shell reports for a classic filter (`yes`, `ls`) whose reader went away. */
export const OUTPUT_CLOSED_EXIT = 141;

/** Errors that mean "nobody reads this stream any more", reported without a word. */
const goneCodes = new Set(["EPIPE", "ECONNRESET", "ERR_STREAM_DESTROYED"]);

/** What main gives every subcommand besides its arguments. */
export interface CommandContext {
  /** Aborted when stdout or stderr can no longer be written (the reader went away). */
  outputClosed: AbortSignal;
}

export interface OutputStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Listens for write errors on both streams for the life of the process. The first one aborts the returned
 * signal (commands that run long, like exec, stop their work cleanly on it); later ones are ignored. A
 * failure other than a closed reader (a full disk behind `> file`) is said once on stderr.
 */
export function watchClosedOutput(streams: OutputStreams): AbortSignal {
  const closed = new AbortController();
  const onError = (which: "stdout" | "stderr") => (error: NodeJS.ErrnoException) => {
    if (closed.signal.aborted) return;
    closed.abort(error);
    if (which === "stdout" && !goneCodes.has(error.code ?? "")) {
      streams.stderr.write(`tandem: cannot write the output any more (${error.message}); stopping.\n`);
    }
  };
  streams.stdout.on("error", onError("stdout"));
  streams.stderr.on("error", onError("stderr"));
  return closed.signal;
}
