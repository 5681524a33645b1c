/**
 * Which calls may run when no checkpoint can be written (issue #9, item 12): only commands that delete nothing
 * but files created since the last checkpoint. Real analysis, a real store, real files.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { analyzeCommand } from "../../src/safety/analysis/index.ts";
import { checkpointStoreDir, createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { deletesOnlyNewFiles } from "../../src/safety/cleanup-without-checkpoint.ts";
import { tempDir, writeFiles } from "./checkpoint-support.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

it("lets through only deletions of files created since the last checkpoint", async () => {
  const { dir, cleanup } = tempDir("cleanup");
  cleanups.push(cleanup);
  const workspace = path.join(dir, "ws");
  const storeDir = checkpointStoreDir(path.join(dir, "home"), workspace);
  writeFiles(workspace, { "keep.txt": "user\n", ".gitignore": "*.log\n", "src/a.ts": "a\n" });
  await createCheckpointStore({ workspace, storeDir }).create("before");
  // Created after the checkpoint: a file, a directory of files, and an ignored file.
  writeFiles(workspace, { "big.bin": "x", "out/1.bin": "1", "out/2.bin": "2", "new.log": "log" });
  mkdirSync(path.join(workspace, "empty"));
  writeFileSync(path.join(workspace, "src", "b.ts"), "b\n");

  const verdict = async (command: string) => {
    const analysis = await analyzeCommand(command, { cwd: workspace, workspaceRoots: [workspace] });
    return deletesOnlyNewFiles(analysis.commands, { workspace, storeDir, cwd: workspace });
  };
  expect(await verdict("rm big.bin")).toEqual([`${workspace}/big.bin`]);
  expect(await verdict("rm -rf out")).toEqual([`${workspace}/out`]);
  expect(await verdict("rm -f big.bin src/b.ts")).toHaveLength(2);
  expect(await verdict("rmdir empty")).toHaveLength(1);
  expect(await verdict("cd src && rm b.ts")).toEqual([`${workspace}/src/b.ts`]);

  for (const refused of [
    "rm keep.txt", // in the last checkpoint: the user's work
    "rm -r src", // holds a recorded file
    "rm new.log", // ignored: its age cannot be told
    "rm *.bin", // a glob
    "rm $F",
    "rm big.bin && echo x > note.txt", // also writes
    "sudo rm big.bin",
    "rm ../elsewhere.bin",
    "rm missing.bin",
    "truncate -s 0 big.bin",
    "echo > big.bin",
  ]) {
    expect(await verdict(refused), refused).toBeUndefined();
  }
});
