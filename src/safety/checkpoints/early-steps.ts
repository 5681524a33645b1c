/**
 * Steps that go ahead of their checkpoint (`createBefore`, see pre-images.ts): the workspace's first record, or
 * the ordinary record of a recorded workspace, is made once the step is done. Which step may, the checkpoint each
 * gets once the record is done, and what the rest of the store and other processes need to know
 * meanwhile (the session's end waits for them; an undo in another process is told to wait).
 *
 * A session killed between such a step and its checkpoint loses nothing: before the step runs, what its
 * checkpoint needs (the saved files' blobs are already in the store; their list, the label and meta) is written
 * to a pending file, and the next session in the workspace makes the step's checkpoint from it (`recover()`):
 * the workspace as found with the saved files put back, then the workspace as found as the step's `after`.
 */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { processAlive } from "../../util/process-alive.ts";
import { overlayPreImages, type SavedWrites, savePreImages } from "./pre-images.ts";
import { atomicWrite, type ShadowRepo } from "./shadow-repo.ts";
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

/** A step of a session that ended before its checkpoint was made, now given one by `recover()`. */
export interface RecoveredStep {
  /** The workspace before the step (as found, with the step's files put back as they were saved). */
  before: Checkpoint;
  /** The workspace as found: what the step left (and whatever changed since the session ended). */
  after: Checkpoint;
  /** The step's call id (its checkpoint meta's `callId`), "" when it had none. */
  callId: string;
  /** The step's label (`before` may be an older checkpoint with the same tree, under its own label). */
  label: string;
}

/** What a pending file holds (snake_case on disk, like every file tandem writes). */
interface PendingRecord {
  version: 1;
  pid: number;
  label: string;
  meta: CheckpointMeta;
  images: SavedWrites["images"];
  uncovered: string[];
  any_ignored: boolean;
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
  /** In the queue: makes the checkpoints of the steps sessions that have ended left without one (see above). */
  recover(): Promise<RecoveredStep[]>;
  /** Whether `recover()` has anything to do (it reads nothing of the store otherwise). */
  anyLeft(): Promise<boolean>;
}

export function createEarlySteps(host: EarlyStepsHost): EarlySteps {
  const { repo } = host;
  const early = new Set<Promise<unknown>>();
  /** One file per step that went ahead of its checkpoint, while it has none (`<pid>-<n>.json`: PendingRecord). */
  const pendingDir = path.join(repo.gitDir, "tandem-early-pending");
  let written = 0;
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
      // Before the step runs. Another process's undo reads the journal, which gets this step only once its
      // checkpoint is made: the file tells it to wait rather than undo an older step; and should this session end
      // first, the next one makes the checkpoint from it.
      const pendingFile = path.join(pendingDir, `${process.pid}-${written++}.json`);
      const record: PendingRecord = {
        version: 1,
        pid: process.pid,
        label,
        meta,
        images,
        uncovered,
        any_ignored: anyIgnored ?? true,
      };
      await mkdir(pendingDir, { recursive: true })
        .then(() => atomicWrite(pendingFile, JSON.stringify(record)))
        .catch(() => undefined);
      void done.then(async () => {
        early.delete(done);
        await rm(pendingFile, { force: true }).catch(() => undefined);
      });
      return { early: true, covered: uncovered.length === 0, checkpoint };
    },

    async stepPending() {
      if (early.size > 0) return true;
      // This process's too: the UI's /undo opens a store of its own in the session's process.
      for (const { record } of await pendingRecords()) if (record && processAlive(record.pid)) return true;
      return false;
    },

    async anyLeft() {
      return (await pendingRecords()).some(
        ({ record }) => !record || (record.pid !== process.pid && !processAlive(record.pid)),
      );
    },

    async recover() {
      const recovered: RecoveredStep[] = [];
      for (const { file, record } of await pendingRecords()) {
        if (record && (record.pid === process.pid || processAlive(record.pid))) continue;
        // Unreadable (a write cut short before the step ran): there is nothing to make it from.
        if (record) {
          const saved = {
            images: record.images,
            uncovered: record.uncovered,
            anyIgnored: record.any_ignored,
          };
          await host.stage();
          await overlayPreImages(repo, saved);
          const before = await host.commitIndex(record.label, record.meta);
          await host.stage();
          const after = await host.commitIndex(`after ${record.label}`.slice(0, 120), {
            ...record.meta,
            after: true,
          });
          const callId = typeof record.meta.callId === "string" ? record.meta.callId : "";
          recovered.push({ before, after, callId, label: record.label });
        }
        await rm(file, { force: true });
      }
      return recovered;
    },
  };

  async function pendingRecords(): Promise<{ file: string; record: PendingRecord | null }[]> {
    const names = await readdir(pendingDir).catch(() => [] as string[]);
    const found: { file: string; record: PendingRecord | null }[] = [];
    for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
      const file = path.join(pendingDir, name);
      const text = await readFile(file, "utf8").catch(() => null);
      if (text !== null) found.push({ file, record: parsePending(text) });
    }
    return found;
  }
}

function parsePending(text: string): PendingRecord | null {
  try {
    const value = JSON.parse(text) as Partial<PendingRecord>;
    if (value.version !== 1 || !Number.isInteger(value.pid) || typeof value.label !== "string") return null;
    if (!Array.isArray(value.images) || !Array.isArray(value.uncovered)) return null;
    if (typeof value.meta !== "object" || value.meta === null) return null;
    return value as PendingRecord;
  } catch {
    return null;
  }
}
