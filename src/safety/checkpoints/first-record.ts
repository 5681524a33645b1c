/**
 * The first record of a workspace into an empty shadow index, the one slow checkpoint: seeded from the user's git
 * index when it can be (index-seed.ts: only the files changed since git last looked are hashed then), else every
 * file read by tandem and streamed into one `git fast-import` (fast-record.ts), with `git add` recording what that
 * leaves (nested repositories, very large files) or everything, as before, when it fails. Reports its progress in
 * files; when every file is to be hashed, the total comes from the listing.
 */

import type { FastRecord } from "./fast-record.ts";
import { splitNul } from "./git.ts";
import { seedFromUserIndex } from "./index-seed.ts";
import type { ProgressHub } from "./progress.ts";
import type { ShadowRepo } from "./shadow-repo.ts";

export interface FirstRecordOptions {
  repo: ShadowRepo;
  storeDir: string;
  /** git executable. Default "git". */
  git?: string;
  /** The environment host git starts from (sanitized: host-git/env.ts). Default the process's; a session's own. */
  gitEnv?: NodeJS.ProcessEnv;
  /** Seed from the user's git index. Default true. */
  seedFromIndex?: boolean;
  progress: ProgressHub;
  /** Stops the git processes (the session ended). Default: none. */
  signal?: AbortSignal;
  /**
   * Records every file without `git add` (fast-record.ts) when there is no seed; throws (having written no index)
   * to fall back to `add`. Default: none, `add` records everything.
   */
  fast?: (report: { onTotal(count: number): void; onFiles(count: number): void }) => Promise<FastRecord>;
  /** `git add -A` into the shadow index (bulk), calling `onLines` with each batch of paths it recorded. */
  add(onLines: (lines: number) => void): Promise<number>;
}

export interface FirstRecord {
  /** Paths recorded (seeded plus added). */
  changed: number;
  /** Every tracked file of the user's inside the workspace came from the seed (none needs adding again). */
  wholeIndex: boolean;
}

export async function recordFirst(options: FirstRecordOptions): Promise<FirstRecord> {
  const { repo, progress } = options;
  let done = 0;
  let total: number | undefined;
  let finished = false;
  const report = () => {
    if (!finished) progress.report(total === undefined ? { done } : { done: Math.min(done, total), total });
  };
  report();
  try {
    const seed =
      options.seedFromIndex === false
        ? null
        : await seedFromUserIndex({
            repo,
            storeDir: options.storeDir,
            ...(options.git ? { git: options.git } : {}),
            ...(options.gitEnv ? { gitEnv: options.gitEnv } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
            onTotal: (count) => {
              total = count;
              report();
            },
          }).catch(() => null);
    if (seed) {
      // The total stays the user's entry count: untracked files found by the add are not counted in it.
      done = seed.seeded;
      report();
    } else {
      total = undefined;
    }
    const fast = seed || !options.fast ? null : await recordFast(options.fast);
    if (fast && !fast.rest) return { changed: fast.recorded, wholeIndex: false };
    if (!seed && !fast && total === undefined) {
      repo
        .run(["ls-files", "-z", "--others", "--exclude-standard", "--", "."], {
          okCodes: [0, 1],
          ...(options.signal ? { signal: options.signal } : {}),
        })
        .then((listed) => {
          total = splitNul(listed.stdout).length;
          report();
        })
        .catch(() => undefined);
    }
    // After a failed fast record the count starts again: `done` stays where it was until `add` passes it.
    const base = done;
    let added = 0;
    const changed = await options.add((lines) => {
      added += lines;
      done = fast || seed ? base + added : Math.max(base, added);
      report();
    });
    if (fast) return { changed: changed + fast.recorded, wholeIndex: false };
    return { changed: seed ? changed + seed.seeded : changed, wholeIndex: seed?.skipped === 0 };
  } finally {
    finished = true;
    progress.end();
  }

  /** The fast record, or null when it failed (nothing written: `add` then records every file). */
  async function recordFast(fast: NonNullable<FirstRecordOptions["fast"]>): Promise<FastRecord | null> {
    try {
      return await fast({
        onTotal: (count) => {
          total = count;
          report();
        },
        onFiles: (count) => {
          done += count;
          report();
        },
      });
    } catch (error) {
      // Stopped (the session ended): nothing more is started, not even the `add` fallback.
      if (options.signal?.aborted) throw error;
      return null;
    }
  }
}
