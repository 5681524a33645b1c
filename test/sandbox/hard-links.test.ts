import { linkSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findOutsideHardLinks } from "../../src/sandbox/index.ts";
import { makeTempDirs } from "./helpers.ts";

describe("findOutsideHardLinks: the write path the sandbox cannot close", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  it("finds a workspace file hard-linked to a file outside, ignoring links that stay inside", async () => {
    const ws = dirs.make("ws");
    const outside = dirs.make("outside");
    mkdirSync(join(ws, "deep/er"), { recursive: true });
    writeFileSync(join(outside, "victim.txt"), "x");
    linkSync(join(outside, "victim.txt"), join(ws, "deep/er/linked.txt"));
    writeFileSync(join(ws, "a.txt"), "a");
    linkSync(join(ws, "a.txt"), join(ws, "deep/a-again.txt"));
    writeFileSync(join(ws, "plain.txt"), "p");

    const scan = await findOutsideHardLinks(ws);
    expect(scan.linkedOutside).toEqual([join(ws, "deep/er/linked.txt")]);
    expect(scan.count).toBe(1);
    expect(scan.truncated).toBe(false);
  });

  it("reports nothing for a clean tree, and says when it stopped early", async () => {
    const ws = dirs.make("ws");
    for (let i = 0; i < 5; i++) writeFileSync(join(ws, `f${i}`), "x");
    expect(await findOutsideHardLinks(ws)).toEqual({
      linkedOutside: [],
      count: 0,
      scanned: 5,
      truncated: false,
    });
    const capped = await findOutsideHardLinks(ws, { maxEntries: 2 });
    expect(capped.truncated).toBe(true);
  });
});
