/**
 * Background git, paced around the path between a model response and the next request. Starting a process
 * costs tandem's main thread 5–10 ms (fork of a ~80 MB process, then waiting for the child's exec), so a git the
 * background work (the workspace's first record, the first step-backup snapshot, an early step's checkpoint, the
 * checkpoints while a command runs) starts while a tool call is handled delays the next request by that much.
 * The session holds that work from the moment a response's tool calls are checked (`hold`) until the next
 * request is written (`release`); the background work awaits `ready()` before each git it starts.
 *
 * Nothing on the critical path may wait on held work. The git a step's preparation starts itself is not paced
 * (`ShadowRunOptions.unpaced`), and a preparation that waits on queued work (a checkpoint queued behind the
 * first record, the last step's after-step work, a step backup) does it inside `urgent()`: the urgency
 * override, which lets everything go until it ends; the hold is in force again after (for the step's own
 * after-step work, say, should its timer start it before the request is written).
 * A hold also ends by itself after `maxHoldMs` (a long-running command, an approval the user takes their time
 * over, a turn that ends without a request), and `stop()` (the session ends) ends pacing for good.
 *
 * Work that is short but cannot be cut into pieces (the parser's warm-up parse, which compiles the grammar) waits
 * for `nextRelease()` instead: right after a request is written is when the most time is left before the next
 * response can end, so it lands there rather than at a random moment that may be a response's end.
 */

export interface PacerOptions {
  /** A hold ends by itself this long after it began, in ms. Default 250. */
  maxHoldMs?: number;
}

export interface Pacer {
  /** Resolves at once unless a hold is in force and no urgent work runs (then when either ends). Never rejects. */
  ready(): Promise<void>;
  /** A response's tool calls are being handled: background git waits. Extends a hold already in force. */
  hold(): void;
  /** The next request is written: held work goes on. */
  release(): void;
  /**
   * The critical path waits on background work from now until the returned function is called: nothing is held
   * meanwhile. Calling it again does nothing.
   */
  urgent(): () => void;
  /** The session ends: nothing is held from now on. */
  stop(): void;
  /** Resolves at the next `release` (the next request written, or a hold that ended by itself) or at `stop`. */
  nextRelease(): Promise<void>;
}

export const DEFAULT_MAX_HOLD_MS = 250;

export function createPacer(options: PacerOptions = {}): Pacer {
  const maxHoldMs = options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
  let held = false;
  let stopped = false;
  let urgentCount = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting: Array<() => void> = [];
  let nextWaiting: Array<() => void> = [];

  const resolveAll = (resolvers: Array<() => void>) => {
    for (const resolve of resolvers) resolve();
  };
  const letGo = () => {
    const resolvers = waiting;
    waiting = [];
    resolveAll(resolvers);
  };
  const release = () => {
    held = false;
    clearTimeout(timer);
    timer = undefined;
    letGo();
    const next = nextWaiting;
    nextWaiting = [];
    resolveAll(next);
  };

  return {
    ready() {
      if (!held || stopped || urgentCount > 0) return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
    hold() {
      if (stopped) return;
      held = true;
      clearTimeout(timer);
      // unref: a hold must never keep the process alive.
      timer = setTimeout(release, maxHoldMs);
      timer.unref?.();
    },
    release,
    urgent() {
      urgentCount += 1;
      letGo();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        urgentCount -= 1;
      };
    },
    stop() {
      stopped = true;
      release();
    },
    nextRelease() {
      if (stopped) return Promise.resolve();
      return new Promise((resolve) => nextWaiting.push(resolve));
    },
  };
}
