/**
 * Sessions starting together on a new workspace each create the checkpoint store: before, they configured one
 * directory together (git's config got `core.bare` and the rest twice, and the first write failed). Now each
 * builds the store aside and renames it into place; every session then checkpoints into the same store.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { git, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("checkpoint store creation by concurrent sessions", () => {
  let root: { dir: string; cleanup: () => void };
  beforeEach(() => {
    root = tempDir("cp-init-race");
  });
  afterEach(() => root.cleanup());

  it("four stores created at once on a new workspace: one valid config, every first checkpoint recorded", async () => {
    for (let round = 0; round < 3; round++) {
      const ws = path.join(root.dir, `ws${round}`);
      writeFiles(ws, { "a.txt": `${round}\n` });
      const storeDir = path.join(root.dir, `store${round}`);
      const stores = Array.from({ length: 4 }, () => createCheckpointStore({ workspace: ws, storeDir }));
      const made = await Promise.all(stores.map((s, i) => s.create(`session ${i}`)));
      // The config is exactly what one uncontended session writes.
      const alone = path.join(root.dir, `alone${round}`);
      await createCheckpointStore({ workspace: ws, storeDir: alone }).create("alone");
      expect(readFileSync(path.join(storeDir, "git", "config"), "utf8")).toBe(
        readFileSync(path.join(alone, "git", "config"), "utf8"),
      );
      expect(git(root.dir, "config", "--file", path.join(storeDir, "git", "config"), "core.hooksPath")).toBe(
        "/dev/null",
      );
      expect(made.every((c) => c !== null)).toBe(true);
      const list = await stores[0]?.list();
      expect(list?.length).toBeGreaterThan(0);
      // A write after the race works (the symptom was that it failed).
      writeFiles(ws, { "b.txt": "b\n" });
      await expect(stores[1]?.create("after")).resolves.toBeTruthy();
      // Nothing built aside is left behind.
      expect(readdirSync(storeDir).filter((n) => n.startsWith("git.tmp-"))).toEqual([]);
    }
  });
});
