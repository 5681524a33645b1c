/**
 * Progress worth showing: nothing for an operation that ends within `afterMs` (most checkpoints take
 * milliseconds), then at most one report per `everyMs`, and a last one when the operation ends with a known total
 * (so a front end's "40,000/100,000" ends at "100,000/100,000").
 */
import type { CheckpointProgress } from "./checkpoints/index.ts";

export interface ProgressThrottleOptions {
  /** Reports start once the operation has run this long, in ms. Default 1000. */
  afterMs?: number;
  /** Least time between two reports, in ms. Default 1000. */
  everyMs?: number;
  /** Clock in ms. Default `performance.now`. */
  now?: () => number;
}

export interface ProgressThrottle {
  /** Takes every update; passes on the ones worth showing. */
  update(progress: CheckpointProgress): void;
  /** The operation ended: the final report, if any was shown and a total is known. */
  finish(): void;
}

export function throttleProgress(
  report: (progress: CheckpointProgress) => void,
  options: ProgressThrottleOptions = {},
): ProgressThrottle {
  const now = options.now ?? (() => performance.now());
  const afterMs = options.afterMs ?? 1000;
  const everyMs = options.everyMs ?? 1000;
  const started = now();
  let shown: number | undefined;
  let latest: CheckpointProgress | undefined;
  return {
    update(progress) {
      latest = progress;
      const time = now();
      if (time - started < afterMs || (shown !== undefined && time - shown < everyMs)) return;
      shown = time;
      report(progress);
    },
    finish() {
      if (shown === undefined || latest?.total === undefined) return;
      report({ done: latest.total, total: latest.total });
    },
  };
}
