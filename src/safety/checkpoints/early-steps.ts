/**
 * Steps that go ahead of their checkpoint (`createBefore`, see pre-images.ts): the workspace's first record, or
 * the ordinary record of a recorded workspace, is made once the step is done. Which step may, the checkpoint each
 * gets once the record is done, and what the rest of the store and other processes need to know
 * meanwhile (the session's end waits for them; an undo in another process is told to wait).
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { overlayPreImages, type SavedWrites, savePreImages } from "./pre-images.ts";
import type { ShadowRepo } from "./shadow-repo.ts";
import { createSpareGit } from "./spare-git.ts";
import type { Checkpoint, CheckpointMeta, CheckpointStore, CreateOptions } from "./types.ts";

/** What the early steps need of their checkpoint store. */
export interface EarlyStepsHost {
  repo: ShadowRepo;
  /** Runs `fn` in the store's queue, after every operation queued before. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  /** In the queue: brings the shadow index up to the workspace (the first record when there is none). */
  stage(): Promise<unknown>;
  /** In the queue: commits the shadow index's tree as a step checkpoint (the newest one when it is the same). */
  commitIndex(label: string, meta: CheckpointMeta): Promise<Checkpoint>;
  /** The store's ordinary `create()`. */
  create(label: string, meta: CheckpointMeta, options: CreateOptions): Promise<Checkpoint>;
}

export interface EarlySteps extends Pick<CheckpointStore, "createBefore" | "stepPending"> {
  /** How many early steps have no checkpoint yet (in this process). */
  readonly pending: number;
  /** Settles once every early step of this process has its checkpoint (or failed to get one). */
  settled(): Promise<void>;
  /** Starts, in the background, the `check-ignore` the next early step asks (spare-git.ts). */
  prestart(): void;
  /** Ends that process; none is started again (the session ends). */
  stop(): void;
}

export function createEarlySteps(host: EarlyStepsHost): EarlySteps {
  const { repo } = host;
  const early = new Set<Promise<unknown>>();
  /** Exists (holding the pid) while a step that went ahead of the first record has no checkpoint yet. */
  const pendingFile = path.join(repo.gitDir, "tandem-early-pending");
  /** A step's files are being saved to go ahead of the record (the next step must not go too). */
  let saving = false;
  /** The step's one git process, started ahead so its start is not on the step's path. */
  const spare = createSpareGit(repo, ["check-ignore", "-z", "--stdin", "--no-index"]);

  /**
   * The checkpoint of a step that went ahead of the record: once the record is done (and the step has finished
   * writing), the workspace after the step with the step's files put back as they were saved.
   */
  async function beforeStep(
    label: string,
    meta: CheckpointMeta,
    saved: SavedWrites,
    stepDone: Promise<unknown>,
  ): Promise<Checkpoint> {
    await stepDone.catch(() => undefined);
    await host.stage();
    await overlayPreImages(repo, saved);
    return host.commitIndex(label, meta);
  }

  return {
    get pending() {
      return early.size;
    },

    async settled() {
      while (early.size > 0) await Promise.all([...early]);
    },

    prestart: () => spare.fill(),
    stop: () => spare.stop(),

    async createBefore(label, meta, writes, options = {}) {
      // Whether the workspace has its record or not: the step then waits neither for the first record nor for
      // the `git add` of an ordinary checkpoint (the 5–10 ms each git costs the main thread to start, on the path
      // to the next request); its checkpoint is made off that path (paced, src/safety/pacing.ts). One step at a
      // time: the next one's checkpoint must find this one's changes done and recorded, so it waits for the
      // record (its `after` checkpoint is queued first).
      let saved: SavedWrites | null = null;
      if (early.size === 0 && !saving) {
        saving = true;
        try {
          saved = await repo
            .init()
            .then(() => savePreImages(repo, writes, undefined, spare.take()))
            .catch(() => null);
        } finally {
          saving = false;
          spare.fill();
        }
      }
      if (!saved) return { early: false, covered: false, checkpoint: host.create(label, meta, options) };
      const { images, uncovered, anyIgnored } = saved;
      const stepDone = options.stepDone ?? Promise.resolve();
      const checkpoint = host
        .serial(() => beforeStep(label, meta, { images, uncovered, anyIgnored }, stepDone))
        .then(async (made) => {
          await options.afterCheckpoint?.(made).catch(() => undefined);
          return made;
        });
      const done = checkpoint.catch(() => undefined);
      early.add(done);
      // Another process's undo reads the journal, which gets this step only once its checkpoint is made: the
      // marker tells it to wait rather than undo an older step.
      await writeFile(pendingFile, String(process.pid)).catch(() => undefined);
      void done.then(async () => {
        early.delete(done);
        if (early.size === 0) await rm(pendingFile, { force: true }).catch(() => undefined);
      });
      return { early: true, covered: uncovered.length === 0, checkpoint };
    },

    async stepPending() {
      if (early.size > 0) return true;
      const pid = Number(await readFile(pendingFile, "utf8").catch(() => ""));
      if (!Number.isInteger(pid) || pid <= 0) return false;
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        // EPERM: alive, another user's. ESRCH: the session is gone; its step never got a checkpoint.
        return (error as NodeJS.ErrnoException).code === "EPERM";
      }
    },
  };
}
