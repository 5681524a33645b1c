import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { tempDir, writeFiles } from "./checkpoint-support.ts";

describe("checkpoint concurrency", () => {
  let root: { dir: string; cleanup: () => void };
  let ws: string;
  beforeEach(() => {
    root = tempDir("cp-conc");
    ws = path.join(root.dir, "ws");
    writeFiles(ws, { "a.txt": "0\n" });
  });
  afterEach(() => root.cleanup());

  it("calls on one store are serialized: every changed state gets its own checkpoint, in order", async () => {
    const s = createCheckpointStore({ workspace: ws, storeDir: path.join(root.dir, "store") });
    const calls: Promise<unknown>[] = [];
    for (let i = 1; i <= 5; i++) {
      calls.push(s.create(`step ${i}`).then(() => writeFileSync(path.join(ws, "a.txt"), `${i}\n`)));
    }
    await Promise.all(calls);
    await s.create("last");
    const list = await s.list();
    expect(list.map((c) => c.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(list.map((c) => c.label)).toEqual(["last", "step 5", "step 4", "step 3", "step 2", "step 1"]);
  });

  it("two store objects (two processes) on one store directory lose no checkpoint", async () => {
    const storeDir = path.join(root.dir, "store");
    const a = createCheckpointStore({ workspace: ws, storeDir });
    const b = createCheckpointStore({ workspace: ws, storeDir });
    await a.create("base");
    const results = await Promise.all([
      (async () => {
        writeFiles(ws, { "from-a.txt": "a\n" });
        return a.create("from a");
      })(),
      (async () => {
        writeFiles(ws, { "from-b.txt": "b\n" });
        return b.create("from b");
      })(),
    ]);
    const list = await a.list();
    // Linear history with unique, gap-free sequence numbers, and every returned checkpoint is in it.
    expect(list.map((c) => c.seq)).toEqual(Array.from({ length: list.length }, (_, i) => list.length - i));
    for (const r of results) expect(list.map((c) => c.id)).toContain(r.id);
    expect((await b.diff(list[0]?.seq ?? 0)).files).toEqual([]);
  });
});
