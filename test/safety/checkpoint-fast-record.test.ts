/**
 * Issue #10 ("Speed at scale"): a workspace with no index to seed from is recorded by reading its files and
 * streaming them into one `git fast-import` (fast-record.ts), not by `git add`. The record must be exactly the one
 * `git add -A` makes (same tree id), an index git trusts (a later `add -A` hashes nothing), a store `fsck` finds
 * clean, and a failed fast-import must end in a correct checkpoint by the old path, with no half-written index.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { GIT_TEST_ENV, git, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("the fast first record (fast-import)", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  /** Every git call tandem makes, one line each ("fast-import", "add", ...), through a wrapper script. */
  let calls: string;
  let wrapper: string;

  beforeEach(() => {
    root = tempDir("cp-fast");
    ws = path.join(root.dir, "ws");
    calls = path.join(root.dir, "calls");
    wrapper = path.join(root.dir, "git-wrapper");
    writeFileSync(
      wrapper,
      `#!/bin/sh\nfor a in "$@"; do case "$a" in fast-import|add|ls-files) echo "$a" >> '${calls}';; esac; done\nexec git "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
  });
  afterEach(() => root.cleanup());

  /** git against a store's shadow repository, as the store runs it. */
  function shadow(storeDir: string, ...args: string[]): string {
    const env = {
      ...process.env,
      ...GIT_TEST_ENV,
      GIT_DIR: path.join(storeDir, "git"),
      GIT_WORK_TREE: ws,
      GIT_INDEX_FILE: path.join(storeDir, "index"),
    };
    return execFileSync("git", args, { cwd: ws, env, encoding: "utf8" });
  }

  function firstCalls(): string[] {
    return existsSync(calls) ? readFileSync(calls, "utf8").split("\n").filter(Boolean) : [];
  }

  async function firstTree(name: string, fastRecord: boolean, bin = wrapper): Promise<string> {
    const storeDir = path.join(root.dir, name);
    const store = createCheckpointStore({ workspace: ws, storeDir, git: bin, fastRecord });
    const first = await store.create("first");
    return first.tree;
  }

  function mixedWorkspace(): void {
    writeFiles(ws, {
      ".gitignore": "*.log\n",
      "debug.log": "ignored\n",
      "empty.txt": "",
      "target.txt": "the target\n",
      "name with space.txt": "space\n",
      "new\nline.txt": "newline\n",
      "ünï cödé/ß.txt": "unicode\n",
      "run.sh": "#!/bin/sh\necho hi\n",
      "deep/a/b/c.txt": "deep\n",
      "a.b": "sorts before a/ in the index\n",
      "a/x.txt": "under a/\n",
    });
    chmodSync(path.join(ws, "run.sh"), 0o755);
    symlinkSync("target.txt", path.join(ws, "link"));
    symlinkSync("missing", path.join(ws, "dangling"));
  }

  it("records what `git add -A` records, in an index git trusts, with fast-import and no add", async () => {
    mixedWorkspace();
    const fast = await firstTree("fast", true);
    expect(firstCalls()).toContain("fast-import");
    expect(firstCalls()).not.toContain("add");
    const slow = await firstTree("slow", false);
    expect(fast).toBe(slow);
    const storeDir = path.join(root.dir, "fast");
    expect(shadow(storeDir, "ls-tree", "-r", "-z", "--name-only", fast).split("\0")).not.toContain(
      "debug.log",
    );
    expect(shadow(storeDir, "ls-tree", fast, "run.sh")).toMatch(/^100755 /);
    expect(shadow(storeDir, "ls-tree", fast, "link")).toMatch(/^120000 /);
    // The stat data is git's own: nothing to add, nothing modified, and every object sound.
    expect(shadow(storeDir, "add", "-A", "-v", "--", ".")).toBe("");
    expect(shadow(storeDir, "diff-files", "--name-only")).toBe("");
    expect(shadow(storeDir, "fsck", "--no-dangling", "--strict")).toBe("");
  });

  it("leaves nested repositories and files too big to read whole to `git add`, same tree as before", async () => {
    mixedWorkspace();
    const nested = path.join(ws, "nested");
    writeFiles(nested, { "inner.txt": "inner\n" });
    git(nested, "init", "-q");
    git(nested, "add", "-A");
    git(nested, "commit", "-qm", "inner");
    // Over fast-record's 32 MiB default: git streams it.
    writeFileSync(path.join(ws, "big.bin"), Buffer.alloc(33 * 1024 * 1024, 7));
    const fast = await firstTree("fast", true);
    expect(firstCalls()).toContain("fast-import");
    const slow = await firstTree("slow", false);
    expect(fast).toBe(slow);
    const storeDir = path.join(root.dir, "fast");
    expect(shadow(storeDir, "ls-tree", fast, "nested")).toMatch(/^160000 commit /);
    expect(shadow(storeDir, "ls-tree", fast, "big.bin")).toMatch(/^100644 blob /);
    expect(shadow(storeDir, "add", "-A", "-v", "--", ".", ":(exclude)nested")).toBe("");
    expect(shadow(storeDir, "fsck", "--no-dangling")).toBe("");
  });

  it("a fast-import that fails ends in a correct checkpoint by `git add`, with no half-written index", async () => {
    mixedWorkspace();
    const failing = path.join(root.dir, "git-failing");
    writeFileSync(
      failing,
      `#!/bin/sh\nfor a in "$@"; do case "$a" in fast-import) echo fast-import >> '${calls}'; cat >/dev/null; exit 1;; add) echo add >> '${calls}';; esac; done\nexec git "$@"\n`,
    );
    chmodSync(failing, 0o755);
    const storeDir = path.join(root.dir, "failed");
    const store = createCheckpointStore({ workspace: ws, storeDir, git: failing });
    const first = await store.create("first");
    expect(firstCalls()).toEqual(expect.arrayContaining(["fast-import", "add"]));
    expect(existsSync(path.join(storeDir, "index.lock"))).toBe(false);
    expect(first.tree).toBe(await firstTree("slow", false, "git"));
    expect(shadow(storeDir, "add", "-A", "-v", "--", ".")).toBe("");
    // And the store goes on: a change is the next checkpoint's only file.
    writeFileSync(path.join(ws, "empty.txt"), "now full\n");
    const next = await store.create("next");
    expect(next.filesChanged).toBe(1);
  });

  // A session's close stops the background record; it used to return while the killed fast-import still wrote
  // its pack, and then fall back to `add`: whoever removed the store next (a test's cleanup) raced them.
  it("stopped mid-record: fast-import has exited when warm() settles, and no add follows", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 4000; i++) files[`d${i % 40}/f${i}.txt`] = `${i}\n${"x".repeat(2000)}\n`;
    writeFiles(ws, files);
    const storeDir = path.join(root.dir, "stopped");
    const store = createCheckpointStore({ workspace: ws, storeDir, git: wrapper });
    const stop = new AbortController();
    const warm = store.warm({ signal: stop.signal });
    for (let i = 0; i < 2000 && !firstCalls().includes("fast-import"); i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(firstCalls()).toContain("fast-import");
    stop.abort();
    await warm.catch(() => undefined);
    const listing = () =>
      execFileSync("find", [storeDir, "-printf", "%p %s\n"], { encoding: "utf8" })
        .split("\n")
        .sort()
        .join("\n");
    const settled = listing();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(listing()).toBe(settled);
    expect(firstCalls()).not.toContain("add");
  });
});
