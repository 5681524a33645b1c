/**
 * The gate's after-step work (the checkpoint after a step, the step backups' `after`, the journal's `after`
 * record), held until the next model request is written: its git processes (each fork costs the main thread in
 * proportion to tandem's memory) then overlap the model's answer instead of competing with sending the request.
 * It starts at the latest when the next step begins (which waits for it: the record after step N exists before
 * step N+1 changes anything), when the session ends, or `delayMs` after it was queued (a turn that ended sends
 * no request).
 */
import type { CheckpointStore, StepBackups } from "./checkpoints/index.ts";
import type { UndoJournal } from "./journal.ts";

export interface AfterStepWorkOptions {
  /** How long queued work waits for `start()` before it starts anyway, in ms. Default 100. */
  delayMs?: number;
}

export interface AfterStepWork {
  /** Queues `work` (it must not reject); it starts at `start()`, `drain()` or `delayMs` later. */
  hold(work: () => Promise<unknown>): void;
  /** Starts everything queued: the next request is written. */
  start(): void;
  /** Starts everything queued and resolves once all work started so far is done. Never rejects. */
  drain(): Promise<void>;
  /** True while work is queued or running (a step must not change files before the last step's record). */
  busy(): boolean;
}

export const DEFAULT_AFTER_STEP_DELAY_MS = 100;

export function createAfterStepWork(options: AfterStepWorkOptions = {}): AfterStepWork {
  const delayMs = options.delayMs ?? DEFAULT_AFTER_STEP_DELAY_MS;
  const queued: Array<() => Promise<unknown>> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | undefined;
  /** Work queued or started and not done yet. */
  let outstanding = 0;

  const start = () => {
    clearTimeout(timer);
    timer = undefined;
    if (queued.length === 0) return;
    const started = queued.splice(0).map((work) =>
      work()
        .catch(() => undefined)
        .finally(() => {
          outstanding -= 1;
        }),
    );
    running = Promise.all([running, ...started]);
  };

  return {
    hold(work) {
      outstanding += 1;
      queued.push(work);
      timer ??= setTimeout(start, delayMs);
    },
    start,
    async drain() {
      start();
      const done = running;
      await done;
      // Nothing newer was started meanwhile: what is done need not be awaited again.
      if (running === done) running = undefined;
    },
    busy: () => outstanding > 0,
  };
}

export interface AfterStepRecord {
  store: CheckpointStore;
  /** The step's label; the checkpoint is labelled `after <label>`. */
  label: string;
  callId: string;
  /** Checkpoints taken while the step ran (their numbers), once their ticking stopped. */
  during: Promise<number[]>;
  /** Default: none (no `after` record). */
  journal?: UndoJournal;
  /**
   * Settles once the step's own journal entry is written: a step that went ahead of the first record is
   * journalled late (early-steps.ts), and undo pairs an `after` record with the step before it. Default: written.
   */
  journaled?: Promise<unknown>;
  /** The step's backups and the key its `before` returned. Default: none. */
  backups?: { stepBackups: StepBackups; key: string };
}

/**
 * What a step left: the checkpoint after it and the journal's `after` record (which tells undo what the step
 * left, so it can tell the user's later edits apart), beside the step backups' `after`. Never rejects: a failure
 * only means the next checkpoint does the work.
 */
export async function recordAfterStep(step: AfterStepRecord): Promise<void> {
  const checkpoint = (async () => {
    const during = await step.during;
    const done = await step.store.create(`after ${step.label}`.slice(0, 120), {
      callId: step.callId,
      after: true,
    });
    await step.journaled;
    const entry = { type: "after", call_id: step.callId, checkpoint: done.seq, time: Date.now() } as const;
    await step.journal?.append(during.length ? { ...entry, during } : entry);
  })().catch(() => undefined);
  // After the journal entry too: a command that ran on an overlay (overlay-steps.ts) has its changes in the
  // workspace, `.git` included, only once merged, which comes before that entry; backed up sooner, the `after`
  // would equal the `before` and undo would find nothing the step did to `.git`.
  const backups = step.backups;
  const backedUp = backups
    ? Promise.resolve(step.journaled)
        .then(() => backups.stepBackups.after(backups.key))
        .catch(() => undefined)
    : undefined;
  await Promise.all([checkpoint, backedUp]);
}
