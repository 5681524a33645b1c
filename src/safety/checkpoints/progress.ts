/**
 * Progress of the long operation a checkpoint store may be in (the first record of a big workspace), shared with
 * every caller waiting on it: a step queued behind the background baseline hears how far it got.
 */
import type { CheckpointProgress } from "./types.ts";

export interface ProgressHub {
  /** Updates the current progress and tells every listener. */
  report(progress: CheckpointProgress): void;
  /** The operation ended: nothing to report until the next one. */
  end(): void;
  /** Listens until the returned function is called; hears the current progress at once when there is one. */
  listen(listener: (progress: CheckpointProgress) => void): () => void;
}

export function createProgressHub(): ProgressHub {
  const listeners = new Set<(progress: CheckpointProgress) => void>();
  let current: CheckpointProgress | null = null;
  const tell = (progress: CheckpointProgress) => {
    for (const listener of listeners) {
      try {
        listener(progress);
      } catch {
        // A listener's failure is its own; the checkpoint goes on.
      }
    }
  };
  return {
    report(progress) {
      current = progress;
      tell(progress);
    },
    end() {
      current = null;
    },
    listen(listener) {
      listeners.add(listener);
      if (current) listener(current);
      return () => listeners.delete(listener);
    },
  };
}
