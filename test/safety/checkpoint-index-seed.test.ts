/**
 * Issue #10 ("Speed at scale"): the first checkpoint of a git repository starts from the user's own index instead
 * of hashing every tracked file. A seeded checkpoint must hold exactly what hashing would have: the same tree as a
 * store that hashed a copy of the workspace, and an undo that writes back the exact bytes, also for a file changed
 * right after `git add` (racy git), a CRLF file git normalized, and a file whose filter keeps its size.
 */
import { cpSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { parseIndex } from "../../src/safety/checkpoints/index-file.ts";
import { seedFromUserIndex } from "../../src/safety/checkpoints/index-seed.ts";
import { createShadowRepo } from "../../src/safety/checkpoints/shadow-repo.ts";
import { bash, git, readTree, tempDir, writeFiles } from "./checkpoint-support.ts";

/** The tree a store that hashes every file records for a copy of `ws` without its `.git`. */
async function hashedTree(ws: string, root: string): Promise<string> {
  const copy = path.join(root, "copy");
  cpSync(ws, copy, { recursive: true, verbatimSymlinks: true });
  rmSync(path.join(copy, ".git"), { recursive: true, force: true });
  const store = createCheckpointStore({ workspace: copy, storeDir: path.join(root, "copy-store") });
  return (await store.create("hashed")).tree;
}

async function seed(ws: string, storeDir: string) {
  const repo = createShadowRepo({ workspace: ws, storeDir });
  await repo.init();
  return seedFromUserIndex({ repo, storeDir });
}

describe("the first checkpoint seeded from the user's git index", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  beforeEach(() => {
    root = tempDir("cp-seed");
    ws = path.join(root.dir, "ws");
    const files: Record<string, string> = { ".gitignore": "*.log\n" };
    for (let i = 0; i < 40; i++) files[`src/m${i % 4}/f${i}.ts`] = `export const v${i} = ${i};\n`;
    writeFiles(ws, files);
    writeFileSync(path.join(ws, "bin.dat"), Buffer.from([0, 1, 2, 255, 13, 10, 0]));
    writeFileSync(path.join(ws, "run.sh"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
    symlinkSync("src/m0/f0.ts", path.join(ws, "link"));
    git(ws, "init", "-q");
    git(ws, "add", "-A");
    git(ws, "commit", "-qm", "init");
  });
  afterEach(() => root.cleanup());

  it("uses the index (every tracked file seeded) and records the same tree hashing would", async () => {
    const storeDir = path.join(root.dir, "seed-only");
    expect(await seed(ws, storeDir)).toEqual({ seeded: 44, skipped: 0 });
    // The whole index was seeded, so the trees git computed came along (write-tree recomputes only changes).
    expect(parseIndex(readFileSync(path.join(storeDir, "index")))?.extensions).toEqual(["TREE"]);
    // Untracked and changed files are still found by the add that follows.
    writeFileSync(path.join(ws, "new.txt"), "untracked\n");
    writeFileSync(path.join(ws, "src/m1/f1.ts"), "changed after the commit\n");
    const store = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    const first = await store.create("first");
    expect(first.tree).toBe(await hashedTree(ws, root.dir));
    // The seed-only store too: its index, cache-tree included, plus the changed files, gives the same tree.
    const seeded = createCheckpointStore({ workspace: ws, storeDir });
    expect((await seeded.create("first")).tree).toBe(first.tree);
  });

  it("undo after a step writes back the exact bytes of every file", async () => {
    const store = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    const before = readTree(ws, [".git"]);
    await store.create("before the step");
    bash(
      ws,
      "for f in src/*/*.ts bin.dat run.sh; do printf 'clobbered\\n' > \"$f\"; done; rm link; echo x > extra",
    );
    await store.create("after the step");
    expect(await store.undo()).not.toBeNull();
    expect(readTree(ws, [".git"])).toEqual(before);
    expect(statSync(path.join(ws, "run.sh")).mode & 0o111).not.toBe(0);
  });

  it("rechecks a file changed after `git add` in the same second with the same size (racy git)", async () => {
    const file = path.join(ws, "racy.txt");
    const index = path.join(ws, ".git", "index");
    // Write, add and rewrite within one second, so size, mtime and ctime (seconds) all match the index entry.
    for (let attempt = 0; ; attempt++) {
      writeFileSync(file, "aaaa\n");
      const second = Math.floor(Date.now() / 1000);
      git(ws, "add", "racy.txt");
      writeFileSync(file, "bbbb\n");
      const same = [statSync(file).mtimeMs, statSync(file).ctimeMs, statSync(index).mtimeMs, Date.now()];
      if (same.every((ms) => Math.floor(ms / 1000) === second)) break;
      if (attempt > 20) throw new Error("could not write, add and rewrite within one second");
    }
    // The seed happens a second later: an index file stamped "now" would make the entry look settled.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const store = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    const cp = await store.create("first");
    writeFileSync(file, "cccc\n");
    await store.restore(cp.seq);
    expect(readFileSync(file, "utf8")).toBe("bbbb\n");
    expect(cp.tree).toBe(await hashedTree(ws, root.dir));
  });

  it("hashes a CRLF file git normalized (text=auto) and a file whose filter keeps its size", async () => {
    writeFiles(ws, {
      ".gitattributes": "*.txt text=auto\n*.flt filter=upper\n",
      "crlf.txt": "one\r\ntwo\r\n",
      "lf.txt": "plain\n",
      "shout.flt": "quiet words\n",
    });
    git(ws, "config", "filter.upper.clean", "tr a-z A-Z");
    git(ws, "config", "filter.upper.smudge", "cat");
    git(ws, "add", "-A");
    git(ws, "commit", "-qm", "attributes");
    // What the user's git stored differs from the files' bytes.
    expect(git(ws, "cat-file", "-p", "HEAD:crlf.txt")).toBe("one\ntwo");
    expect(git(ws, "cat-file", "-p", "HEAD:shout.flt")).toBe("QUIET WORDS");
    const result = await seed(ws, path.join(root.dir, "seed-only"));
    expect(result?.skipped).toBe(2);
    const store = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    const before = readTree(ws, [".git"]);
    const cp = await store.create("first");
    bash(ws, "printf 'x\\n' > crlf.txt; printf 'y\\n' > shout.flt; printf 'z\\n' > lf.txt");
    await store.restore(cp.seq);
    expect(readTree(ws, [".git"])).toEqual(before);
    expect(cp.tree).toBe(await hashedTree(ws, root.dir));
  });

  it("seeds a sub-folder of a repository with the paths made relative to it", async () => {
    const sub = path.join(ws, "src");
    const result = await seed(sub, path.join(root.dir, "seed-only"));
    expect(result).toEqual({ seeded: 40, skipped: 0 });
    const store = createCheckpointStore({ workspace: sub, storeDir: path.join(root.dir, "store") });
    const cp = await store.create("first");
    const files = git(
      root.dir,
      `--git-dir=${path.join(root.dir, "store", "git")}`,
      "ls-tree",
      "-r",
      "--name-only",
      cp.id,
    );
    expect(files.split("\n")).toContain("m0/f0.ts");
    expect(files.split("\n")).toHaveLength(40);
  });

  it("keeps a tracked file that matches .gitignore (force-added by the user) in the seeded checkpoint", async () => {
    writeFiles(ws, { "vendor.log": "tracked although ignored\n" });
    git(ws, "add", "-f", "vendor.log");
    git(ws, "commit", "-qm", "vendored");
    const storeDir = path.join(root.dir, "store");
    const store = createCheckpointStore({ workspace: ws, storeDir });
    const cp = await store.create("first");
    const listed = git(
      root.dir,
      `--git-dir=${path.join(storeDir, "git")}`,
      "ls-tree",
      "-r",
      "--name-only",
      cp.id,
    );
    expect(listed.split("\n")).toContain("vendor.log");
    writeFileSync(path.join(ws, "vendor.log"), "clobbered\n");
    await store.restore(cp.seq);
    expect(readFileSync(path.join(ws, "vendor.log"), "utf8")).toBe("tracked although ignored\n");
  });

  it("records a file edited behind an assume-unchanged entry as it is on disk (the flag is not carried over)", async () => {
    git(ws, "update-index", "--assume-unchanged", "src/m2/f2.ts");
    writeFileSync(path.join(ws, "src/m2/f2.ts"), "edited behind git's back\n");
    // The user's git no longer looks at this file; the shadow index must, or the edit would be lost.
    utimesSync(path.join(ws, "src/m2/f2.ts"), 1_000_000, 1_000_000);
    const store = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    const cp = await store.create("first");
    expect(cp.tree).toBe(await hashedTree(ws, root.dir));
  });
});
