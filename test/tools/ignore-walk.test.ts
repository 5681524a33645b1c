import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { walk } from "../../src/tools/ignore-walk.ts";
import { makeTempDir, removeDir, writeTree } from "./tool-support.ts";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

async function paths(root: string, visit?: (rel: string) => "skip" | "stop" | undefined): Promise<string[]> {
  const out: string[] = [];
  await walk({ root }, (e) => {
    out.push(e.kind === "dir" ? `${e.relPath}/` : e.relPath);
    return visit?.(e.relPath);
  });
  return out;
}

describe("ignore-walk", () => {
  it("walks depth first in byte order, honouring nested .gitignore with re-includes, skipping .git", async () => {
    await writeTree(dir, {
      ".gitignore": "*.tmp\nout/\n",
      "B.txt": "",
      "a/.gitignore": "!keep.tmp\nlocal.txt\n",
      "a/keep.tmp": "",
      "a/drop.tmp.x": "",
      "a/other.tmp": "",
      "a/local.txt": "",
      "b/local.txt": "",
      "out/x.txt": "",
      ".git/HEAD": "",
    });
    expect(await paths(dir)).toEqual([
      ".gitignore",
      "B.txt",
      "a/",
      "a/.gitignore",
      "a/drop.tmp.x",
      "a/keep.tmp",
      "b/",
      "b/local.txt",
    ]);
  });

  it("does not descend into a folder the visitor skips, and stops when asked", async () => {
    await writeTree(dir, { "a/1": "", "a/2": "", "b/1": "", "c/1": "" });
    expect(await paths(dir, (rel) => (rel === "a" ? "skip" : undefined))).toEqual([
      "a/",
      "b/",
      "b/1",
      "c/",
      "c/1",
    ]);
    expect(await paths(dir, (rel) => (rel === "b/1" ? "stop" : undefined))).toEqual([
      "a/",
      "a/1",
      "a/2",
      "b/",
      "b/1",
    ]);
  });

  it("stops on abort and lets timers run during a long walk", async () => {
    await writeTree(
      dir,
      Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`d${i % 30}/f${i}`, ""])),
    );
    const controller = new AbortController();
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
      if (ticks === 2) controller.abort();
    }, 1);
    let visited = 0;
    await walk({ root: dir, signal: controller.signal }, () => {
      visited++;
      const until = performance.now() + 0.05; // a visitor doing real work (e.g. reading the file)
      while (performance.now() < until) {}
      return undefined;
    });
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(visited).toBeGreaterThan(0);
    expect(visited).toBeLessThan(3_030);
  });
});
