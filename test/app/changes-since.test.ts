/**
 * changesSince: a session whose first step found the workspace unchanged reuses an older checkpoint; the
 * journal's step names it, so the diff still starts before the session's first change.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { changesSince, openCheckpointStore } from "../../src/app/workspace-history.ts";
import { createUndoJournal, safetyPaths } from "../../src/safety/journal.ts";

let root = "";
afterEach(() => rm(root, { recursive: true, force: true }));

it("starts from the checkpoint the session's first journalled step used, even an older one", async () => {
  root = await mkdtemp(join(tmpdir(), "tandem-changes-since-"));
  const home = join(root, "home");
  const cwd = join(root, "project");
  await mkdir(home);
  await mkdir(cwd);
  await writeFile(join(cwd, "a.txt"), "one\n");
  const store = openCheckpointStore(home, cwd);
  const old = await store.create("an earlier session");
  await new Promise((r) => setTimeout(r, 5));
  const since = Date.now();
  // The session's first step: the workspace is unchanged, so create() hands back the old checkpoint.
  const reused = await store.create("shell: first step");
  expect(reused.seq).toBe(old.seq);
  await createUndoJournal(safetyPaths(home, cwd).journal).append({
    type: "step",
    checkpoint: reused.seq,
    label: "shell: first step",
    time: Date.now(),
  });
  await writeFile(join(cwd, "a.txt"), "two\n");
  await store.create("shell: second step");
  await writeFile(join(cwd, "b.txt"), "three\n");

  const changes = await changesSince(home, cwd, since);
  expect(changes?.from.seq).toBe(old.seq);
  expect(changes?.files.map((f) => `${f.status} ${f.path}`).sort()).toEqual(["A b.txt", "M a.txt"]);
  expect(changes?.patch).toContain("+two");

  // Without the journal entry, only checkpoints made since then count: the first change would be missed.
  await rm(safetyPaths(home, cwd).journal);
  expect((await changesSince(home, cwd, since))?.files.map((f) => f.path)).toEqual(["b.txt"]);
});
