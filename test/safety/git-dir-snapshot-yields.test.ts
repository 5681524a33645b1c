/**
 * The first backup snapshot of a git directory links every object, and it is taken in the background while the
 * session's first tool calls run (src/app/safety-setup.ts). Taken in one synchronous piece it held their event
 * loop for its whole length (hundreds of ms on a big repository); it now lets other work run between slices.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { createGitDirSnapshots } from "../../src/safety/checkpoints/git-dir-snapshot.ts";

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

it("lets other work run while it links a big repository's objects", async () => {
  root = await mkdtemp(join(tmpdir(), "tandem-git-dir-yield-"));
  const ws = join(root, "ws");
  execFileSync("git", ["init", "-q", ws]);
  // 4,000 loose objects: well over one slice of work on any machine.
  const names = Array.from({ length: 4000 }, (_, i) => join(ws, `f${i}.txt`));
  await Promise.all(names.map((name, i) => writeFile(name, `content ${i}\n`)));
  execFileSync("git", ["hash-object", "-w", "--stdin-paths"], { cwd: ws, input: names.join("\n") });
  const snapshots = createGitDirSnapshots({ workspace: ws, dir: join(root, "backup") });

  let ranMeanwhile = false;
  setImmediate(() => {
    ranMeanwhile = true;
  });
  const id = await snapshots.take();
  // Read before anything else can run: true only if the immediate ran while the snapshot was being taken.
  expect(ranMeanwhile).toBe(true);
  expect(id).not.toBeNull();
  // Every object was linked all the same.
  const line = snapshots.log.read().get(id as string);
  expect(line?.added?.length).toBeGreaterThanOrEqual(4000);
});
