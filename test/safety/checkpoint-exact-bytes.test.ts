/**
 * Regression (issue #9, item 8): a restore writes back the exact bytes that were checkpointed, whatever the
 * workspace's `.gitattributes` ask of git (`eol=crlf`, `text=auto`, `working-tree-encoding`, `ident`, `filter`).
 * The shadow store's work tree is the workspace, so without its own override git would apply those conversions
 * when recording (CRLF → LF) and again when restoring (LF → CRLF, `$Id$` expanded, UTF-16 re-encoded).
 */
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { bash, GIT_TEST_ENV, git, readTree, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("checkpoints restore exact bytes under the workspace's .gitattributes", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  beforeEach(() => {
    root = tempDir("cp-bytes");
    ws = path.join(root.dir, "ws");
    writeFiles(ws, {
      ".gitattributes": [
        "* text eol=crlf",
        "*.u16 text working-tree-encoding=UTF-16LE",
        "*.id ident",
        "*.flt filter=upper",
        "",
      ].join("\n"),
      "sub/.gitattributes": "*.txt text=auto eol=crlf\n",
      "lf.txt": "one\ntwo\n",
      "crlf.txt": "one\r\ntwo\r\n",
      "mixed.txt": "one\r\ntwo\nthree\r\n",
      "no-newline.txt": "last line",
      "sub/auto.txt": "auto\nlf\n",
      "keyword.id": "version $Id$\n",
      "shout.flt": "quiet words\n",
    });
    writeFileSync(path.join(ws, "wide.u16"), Buffer.from("wide\ntext\n", "utf16le"));
    // A repository of the user's, with a filter that would change the bytes if anything ran it.
    git(ws, "init", "-q");
    git(ws, "config", "filter.upper.clean", "tr a-z A-Z");
    git(ws, "config", "filter.upper.smudge", "tr a-z A-Z");
  });
  afterEach(() => root.cleanup());

  it("restore brings back every file byte for byte", async () => {
    const store = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    const before = readTree(ws, [".git"]);
    const cp = await store.create("before the command");
    bash(
      ws,
      "for f in *.txt sub/auto.txt keyword.id shout.flt wide.u16; do printf 'clobbered\\n' > \"$f\"; done",
    );
    await store.restore(cp.seq);
    const after = readTree(ws, [".git"]);
    for (const file of Object.keys(before))
      expect({ file, bytes: after[file] }).toEqual({ file, bytes: before[file] });
    expect(after).toEqual(before);
    // Recorded as is: nothing differs between the checkpoint and the restored workspace.
    expect((await store.diff(cp.seq)).files).toEqual([]);
  });

  it("deleted files come back byte for byte too", async () => {
    const store = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    const before = readTree(ws, [".git"]);
    const cp = await store.create("before the command");
    bash(ws, "rm -f *.txt sub/auto.txt keyword.id shout.flt wide.u16");
    await store.restore(cp.seq);
    expect(readTree(ws, [".git"])).toEqual(before);
  });

  it("a store made before the rule re-records every file once, then restores exact bytes", async () => {
    const storeDir = path.join(root.dir, "store");
    await createCheckpointStore({ workspace: ws, storeDir }).create("made by the new code");
    // Make it look like a store from before: no attributes override, and an index holding converted blobs with
    // the stat data of old files (git trusts it: no racy-clean rehash), as a long-lived store's index does.
    rmSync(path.join(storeDir, "git", "info", "attributes"));
    rmSync(path.join(storeDir, "git", "tandem-exact-bytes"));
    rmSync(path.join(storeDir, "index"));
    bash(ws, "find . -path ./.git -prune -o -type f -exec touch -d '1 hour ago' {} +");
    execFileSync("git", ["add", "-A", "--", "."], {
      cwd: ws,
      env: {
        ...process.env,
        ...GIT_TEST_ENV,
        GIT_DIR: path.join(storeDir, "git"),
        GIT_WORK_TREE: ws,
        GIT_INDEX_FILE: path.join(storeDir, "index"),
      },
    });
    const before = readTree(ws, [".git"]);
    const store = createCheckpointStore({ workspace: ws, storeDir });
    const cp = await store.create("before the command");
    bash(ws, "rm -f *.txt sub/auto.txt keyword.id shout.flt wide.u16");
    await store.restore(cp.seq);
    expect(readTree(ws, [".git"])).toEqual(before);
  });
});
