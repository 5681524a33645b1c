/**
 * Checkpoints taken while a long tool call runs. A user who saves a file while a shell command runs, and whose
 * save the command then overwrites, would otherwise have no checkpoint holding their version (the one before
 * the call predates it, the one after holds the command's). Ticks only record when something changed (an
 * unchanged workspace makes no checkpoint) and leave out big changed files (a growing download or log would be
 * stored again at every tick); a call shorter than one interval costs a timer and nothing else.
 */
import type { CheckpointMeta, CheckpointStore } from "./checkpoints/index.ts";

export interface RunCheckpointsOptions {
  /** Time between checkpoints while the call runs, in ms. Default 1000. */
  intervalMs?: number;
  /** Sequence number of the checkpoint taken before the call; only newer checkpoints are reported. */
  since: number;
  /** Changed files larger than this are left out of these checkpoints (see CreateOptions). Default 1 MiB. */
  skipLargerThan?: number;
}

export interface RunCheckpoints {
  /** Stops ticking, waits for a checkpoint in progress, and returns the new checkpoints' numbers, oldest first. */
  stop(): Promise<number[]>;
}

export function checkpointWhileRunning(
  store: CheckpointStore,
  label: string,
  meta: CheckpointMeta,
  options: RunCheckpointsOptions,
): RunCheckpoints {
  const taken: number[] = [];
  let newest = options.since;
  let inFlight: Promise<void> | undefined;
  const skipLargerThan = options.skipLargerThan ?? 1024 * 1024;
  const timer = setInterval(() => {
    if (inFlight) return; // a slow checkpoint (big workspace) is not stacked up
    inFlight = store
      .create(`during ${label}`.slice(0, 120), { ...meta, during: true }, { skipLargerThan })
      .then((checkpoint) => {
        if (checkpoint.seq > newest) {
          newest = checkpoint.seq;
          taken.push(checkpoint.seq);
        }
      })
      // A failed tick only means this moment is not recorded; the checkpoint after the call still is.
      .catch(() => undefined)
      .finally(() => {
        inFlight = undefined;
      });
  }, options.intervalMs ?? 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      return taken;
    },
  };
}
