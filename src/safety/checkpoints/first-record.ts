/**
 * The first record of a workspace into an empty shadow index, the one slow checkpoint: seeded from the user's git
 * index when it can be (index-seed.ts: only the files changed since git last looked are hashed then), else every
 * file hashed into one pack. Reports its progress in files; when every file is to be hashed, the total comes from
 * a listing that runs alongside (a failed listing only leaves the total out).
 */
import { splitNul } from "./git.ts";
import { seedFromUserIndex } from "./index-seed.ts";
import type { ProgressHub } from "./progress.ts";
import type { ShadowRepo } from "./shadow-repo.ts";

export interface FirstRecordOptions {
  repo: ShadowRepo;
  storeDir: string;
  /** git executable. Default "git". */
  git?: string;
  /** Seed from the user's git index. Default true. */
  seedFromIndex?: boolean;
  progress: ProgressHub;
  /** Stops the git processes (the session ended). Default: none. */
  signal?: AbortSignal;
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
    const changed = await options.add((lines) => {
      done += lines;
      report();
    });
    return { changed: seed ? changed + seed.seeded : changed, wholeIndex: seed?.skipped === 0 };
  } finally {
    finished = true;
    progress.end();
  }
}
