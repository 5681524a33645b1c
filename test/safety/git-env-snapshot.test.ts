/**
 * A checkpoint store reads the process environment for its gits once, when it is created (a session's store),
 * instead of copying process.env for every git it starts: a checkpointed step starts several, and each copy of
 * process.env cost 0.2–0.7 ms (issue #11's gap). What git gets is still sanitized: a `GIT_DIR` in the
 * environment does not redirect the store's gits.
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { git, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("the git environment, read once per checkpoint store", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  const real = process.env;
  beforeEach(() => {
    root = tempDir("cp-env");
    ws = path.join(root.dir, "ws");
    writeFiles(ws, { "a.txt": "a1\n" });
    git(ws, "init", "-q");
  });
  afterEach(() => {
    process.env = real;
    root.cleanup();
  });

  it("lists process.env when the store is created, not for each git of each checkpoint", async () => {
    let listed = 0;
    // A redirect the sanitizing must still drop: were it kept, the store's gits would fail or write elsewhere.
    const env: NodeJS.ProcessEnv = { ...real, GIT_DIR: path.join(root.dir, "elsewhere") };
    process.env = new Proxy(env, {
      ownKeys(target) {
        listed += 1;
        return Reflect.ownKeys(target);
      },
    });
    const store = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    await store.create("one");
    writeFiles(ws, { "a.txt": "a2\n", "b.txt": "b\n" });
    listed = 0;
    const two = await store.create("two");
    await store.create("three");
    expect(listed).toBe(0);
    expect((await store.diff(two.seq, { against: "parent" })).files.map((f) => f.path).sort()).toEqual([
      "a.txt",
      "b.txt",
    ]);
  });
});
