/**
 * A command step that comes while the workspace's first record is still being built. Only a full record can say
 * what a command changed, so the command must not touch the workspace before the record exists; waiting for the
 * record is what made the first changing step slow on a big workspace (docs/benchmarks.md). Instead the command
 * runs on an overlay of the workspace (src/sandbox/overlay.ts): its writes land in an upper folder in the store,
 * the workspace stays as it was, the record goes on recording the state before the step, and the step answers the
 * model at once. Once the record is done (and the command has ended), the record becomes the checkpoint before the
 * step and the upper folder is merged into the workspace; the step's own after-step checkpoint follows as usual.
 *
 * Meanwhile every later step waits for the merge: a later changing step through the store's queue (its
 * checkpoint comes after this one's merge, and no step goes early: `blocksEarly`), reads through `merged()`, undo
 * through `stepPending()`, the session's end through `settled()`. A crash before the merge loses nothing: the
 * upper folder stays in the store and the next session in the workspace checkpoints the workspace as it finds it
 * (the user may have edited it since), then merges the changes (`recover()`), and says so.
 *
 * The gate decides (`createOverlaid`) and the one who spawns the command takes the overlay (`claim`); whichever
 * of the two asks first about a call settles it, so a command already spawned on the workspace is never taken
 * for an overlaid one.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  mergeOverlay,
  type OverlayRun,
  overlayNameable,
  overlaySupported,
  overlaySupportedSync,
  removeOverlayDirs,
} from "../../sandbox/index.ts";
import { countEntriesSync } from "../../util/count-entries.ts";
import { processAlive } from "../../util/process-alive.ts";
import type { Checkpoint, CheckpointMeta, CreateBeforeOptions, EarlyCheckpoint } from "./types.ts";

export interface OverlayStepsHost {
  workspace: string;
  storeDir: string;
  /** Runs `fn` in the store's queue, after every operation queued before. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  /** In the queue: brings the shadow index up to the workspace (the first record when there is none). */
  stage(): Promise<unknown>;
  /** In the queue: commits the shadow index's tree as a step checkpoint. */
  commitIndex(label: string, meta: CheckpointMeta): Promise<Checkpoint>;
  /** Whether a command spawned now runs in a sandbox that can put it on an overlay (bubblewrap, workspace-write). */
  canOverlay(): boolean;
  /**
   * Entries (files and folders) the workspace must have for a command to go on an overlay: a smaller one is
   * recorded in about the time a command takes to start, so the command waits for it, and its changes are in the
   * workspace when it ends, as always. Default 5,000; 0: any workspace.
   */
  overlayMinEntries?: number;
}

export interface OverlaySteps {
  /**
   * The first record is being built from now (`false`: it has ended). Starts the one-time overlay probe (in the
   * store's folder) where commands can run on an overlay; settles when it is done.
   */
  recording(now: boolean): Promise<void>;
  /** See CheckpointStore.createOverlaid. */
  createOverlaid(
    callId: string,
    label: string,
    meta: CheckpointMeta,
    options: CreateBeforeOptions,
  ): EarlyCheckpoint | undefined;
  /** See CheckpointStore.claimOverlay. */
  claim(callId: string): OverlayRun | undefined;
  /** Settles once no overlaid step is waiting for its merge; undefined when none is. */
  merged(): Promise<void> | undefined;
  /** Overlaid steps of this process not merged yet. */
  readonly pending: number;
  /** An overlaid step not merged yet, in this process or another live one. */
  stepPending(): Promise<boolean>;
  /** Merges what crashed sessions left; one note per command so merged, for the user. */
  recover(): Promise<string[]>;
  /** Notes of merges that were not exact (and of the sandbox's check after them) since the last call. */
  takeNotes(): string[];
}

/** Calls whose command was spawned before the gate asked: kept to answer the gate, dropped beyond this many. */
const MAX_PLAIN = 64;

interface RunMeta {
  pid: number;
  label: string;
}

export function createOverlaySteps(host: OverlayStepsHost): OverlaySteps {
  const root = path.join(host.storeDir, "overlays");
  let recordingNow = false;
  const minEntries = host.overlayMinEntries ?? 5000;
  /** Whether the workspace is big enough to put a command on an overlay; undefined until first asked. */
  let large: boolean | undefined = minEntries <= 0 ? true : undefined;
  /** Beside the store, not in it: the store's own folder is its git's business until it is made. */
  const probeDir = path.dirname(host.storeDir);
  const decisions = new Map<string, OverlayRun | "plain">();
  const active = new Set<Promise<unknown>>();
  const notes: string[] = [];
  let count = 0;

  async function mergeRun(run: OverlayRun, dir: string): Promise<void> {
    const merged = await mergeOverlay(host.workspace, run);
    notes.push(...merged.notes, ...(run.afterMerge?.() ?? []));
    await removeOverlayDirs(dir);
  }

  function makeRun(label: string): { run: OverlayRun; dir: string } | undefined {
    const dir = path.join(root, `${process.pid}-${Date.now()}-${count++}`);
    const run = { upper: path.join(dir, "upper"), work: path.join(dir, "work") };
    if (!overlayNameable(host.workspace, run.upper, run.work)) return undefined;
    try {
      mkdirSync(run.upper, { recursive: true, mode: 0o700 });
      mkdirSync(run.work, { mode: 0o700 });
      // What the next session needs to merge it should this one end first.
      writeFileSync(
        path.join(dir, "meta.json"),
        JSON.stringify({ pid: process.pid, label } satisfies RunMeta),
      );
      return { run, dir };
    } catch {
      return undefined;
    }
  }

  async function leftovers(): Promise<Array<{ dir: string; meta: RunMeta }>> {
    const names = await readdir(root).catch(() => [] as string[]);
    const found: Array<{ dir: string; meta: RunMeta }> = [];
    for (const name of names) {
      const dir = path.join(root, name);
      const meta = await readFile(path.join(dir, "meta.json"), "utf8")
        .then((text) => JSON.parse(text) as RunMeta)
        .catch(() => ({ pid: 0, label: "a command" }));
      found.push({ dir, meta });
    }
    return found;
  }

  return {
    async recording(now) {
      recordingNow = now;
      if (now && host.canOverlay()) await overlaySupported(probeDir);
    },

    createOverlaid(callId, label, meta, options) {
      const spawned = decisions.get(callId) === "plain";
      decisions.delete(callId);
      // One at a time, only while the record is being built, and only before the command is spawned.
      if (spawned || !recordingNow || active.size > 0 || !host.canOverlay()) return undefined;
      // Counted once, when first asked (a few ms at most: the count stops at the bound).
      large ??= countEntriesSync(host.workspace, minEntries) >= minEntries;
      if (!large) return undefined;
      // Started with the record; should it not have answered yet, the answer is worth the wait (once).
      if (!overlaySupportedSync(probeDir)) return undefined;
      const made = makeRun(label);
      if (!made) return undefined;
      decisions.set(callId, made.run);
      const stepDone = options.stepDone ?? Promise.resolve();
      const checkpoint = host
        .serial(async () => {
          await stepDone.catch(() => undefined);
          // The record of the untouched workspace is the checkpoint before the step; the merge follows it whatever
          // became of the record (the model was told the command ran).
          try {
            await host.stage();
            return await host.commitIndex(label, meta);
          } finally {
            decisions.delete(callId);
            await mergeRun(made.run, made.dir);
          }
        })
        .then(async (checkpoint) => {
          await options.afterCheckpoint?.(checkpoint).catch(() => undefined);
          return checkpoint;
        });
      const done = checkpoint.catch(() => undefined);
      active.add(done);
      void done.then(() => active.delete(done));
      return { early: true, covered: false, checkpoint };
    },

    claim(callId) {
      const decided = decisions.get(callId);
      if (decided === undefined) {
        decisions.set(callId, "plain");
        for (const [key, value] of decisions) {
          if (decisions.size <= MAX_PLAIN) break;
          if (value === "plain") decisions.delete(key);
        }
        return undefined;
      }
      decisions.delete(callId);
      return decided === "plain" ? undefined : decided;
    },

    merged() {
      if (active.size === 0) return undefined;
      return (async () => {
        while (active.size > 0) await Promise.all([...active]);
      })();
    },

    get pending() {
      return active.size;
    },

    async stepPending() {
      if (active.size > 0) return true;
      // This process's too: the UI's /undo opens a store of its own in the session's process.
      return (await leftovers()).some(({ meta }) => processAlive(meta.pid));
    },

    async recover() {
      const recovered: string[] = [];
      const dead = (await leftovers()).filter(
        ({ meta }) => meta.pid !== process.pid && !processAlive(meta.pid),
      );
      // The workspace as found is a checkpoint first: the user may have edited it since that session died, and
      // the merge must not overwrite an edit that no checkpoint holds (user edits are never lost).
      if (dead.length > 0) {
        await host.stage();
        await host.commitIndex(
          `before the changes of ${dead.map(({ meta }) => `\`${meta.label}\``).join(", ")}`,
          {},
        );
      }
      for (const { dir, meta } of dead) {
        const run = { upper: path.join(dir, "upper"), work: path.join(dir, "work") };
        const merged = await mergeOverlay(host.workspace, run);
        await removeOverlayDirs(dir);
        recovered.push(
          `the changes of \`${meta.label}\` (run by an earlier session that ended before putting them into the workspace) were applied now${merged.notes.length ? `; ${merged.notes.join("; ")}` : ""}`,
        );
      }
      return recovered;
    },

    takeNotes() {
      return notes.splice(0);
    },
  };
}
