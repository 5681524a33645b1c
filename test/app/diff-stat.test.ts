/**
 * diffStat counts lines per file from a checkpoint diff, as `git diff --stat` does: a binary file has no line
 * counts, and a file that became a symlink (which git writes as two patch sections) is one entry.
 */
import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { diffStat } from "../../src/app/diff-stat.ts";
import { openCheckpointStore } from "../../src/app/workspace-history.ts";

let root = "";
afterEach(() => rm(root, { recursive: true, force: true }));

it("counts text lines, leaves binary files uncounted, tells lines from headers and keeps a type change as one file", async () => {
  root = await mkdtemp(join(tmpdir(), "tandem-diff-stat-"));
  const home = join(root, "home");
  const cwd = join(root, "project");
  await mkdir(home);
  await mkdir(cwd);
  await writeFile(join(cwd, "a.txt"), "1\n2\n3\n");
  await writeFile(join(cwd, "dash.txt"), "-- a signature\nkeep\n++ plus\n");
  await writeFile(join(cwd, "link"), "was a file\nof two lines\n");
  await writeFile(join(cwd, "z.txt"), "z\n");
  const store = openCheckpointStore(home, cwd);
  const before = await store.create("before");

  await writeFile(join(cwd, "a.txt"), "1\nTWO\n3\n4\n");
  // Removed "-- …" and added "++ …" lines look like the "--- a/" and "+++ b/" headers; they are lines.
  await writeFile(join(cwd, "dash.txt"), "keep\n++ plus\n+++ more\n");
  await writeFile(join(cwd, "blob.bin"), Buffer.from([0, 1, 2, 0, 255]));
  await unlink(join(cwd, "link"));
  await symlink("a.txt", join(cwd, "link"));
  await writeFile(join(cwd, "z.txt"), "z\nzz\n");

  const diff = await store.diff(before.seq);
  expect(diffStat(diff.files, diff.patch)).toEqual([
    { path: "a.txt", status: "modified", added: 2, removed: 1 },
    { path: "blob.bin", status: "added", added: null, removed: null },
    { path: "dash.txt", status: "modified", added: 1, removed: 1 },
    { path: "link", status: "type_changed", added: 1, removed: 2 },
    { path: "z.txt", status: "modified", added: 1, removed: 0 },
  ]);
});
