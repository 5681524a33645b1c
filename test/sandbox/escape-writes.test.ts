import { existsSync, linkSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { makeTempDirs, runIn } from "./helpers.ts";

describe("workspace-write sandbox: writes outside the workspace fail", () => {
  const dirs = makeTempDirs();
  let ws: string;
  let outside: string;
  let sandbox: Sandbox;

  beforeEach(() => {
    ws = dirs.make("ws");
    outside = dirs.make("outside");
    writeFileSync(join(outside, "victim.txt"), "original\n");
    sandbox = createSandbox({ mode: "workspace-write", workspace: ws, home: dirs.make("home") });
  });
  afterEach(() => dirs.cleanup());

  it("allows writing inside the workspace", async () => {
    const r = await runIn(sandbox, "mkdir -p src && echo made > src/new.txt", ws);
    expect(r.code).toBe(0);
    expect(readFileSync(join(ws, "src/new.txt"), "utf8")).toBe("made\n");
  });

  it("refuses an absolute-path write outside", async () => {
    const r = await runIn(sandbox, `echo pwned > ${outside}/victim.txt`, ws);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Read-only file system/);
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("original\n");
  });

  it("refuses creating a new file outside via ../", async () => {
    const rel = join("..", outside.split("/").pop() as string, "new.txt");
    const r = await runIn(sandbox, `echo pwned > ${rel}`, ws);
    expect(r.code).not.toBe(0);
    expect(existsSync(join(outside, "new.txt"))).toBe(false);
  });

  it("refuses writing through a symlink planted inside that points outside", async () => {
    symlinkSync(join(outside, "victim.txt"), join(ws, "link.txt"));
    const planted = await runIn(sandbox, `ln -s ${outside} escape && echo pwned > escape/planted.txt`, ws);
    const through = await runIn(sandbox, "echo pwned > link.txt", ws);
    expect(planted.code).not.toBe(0);
    expect(through.code).not.toBe(0);
    expect(existsSync(join(outside, "planted.txt"))).toBe(false);
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("original\n");
  });

  it("refuses writing via /proc/self/root", async () => {
    const r = await runIn(sandbox, `echo pwned > /proc/self/root${outside}/victim.txt`, ws);
    expect(r.code).not.toBe(0);
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("original\n");
  });

  it("refuses creating a hard link from inside to an outside file (EXDEV across mounts)", async () => {
    const r = await runIn(sandbox, `ln ${outside}/victim.txt hard.txt`, ws);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cross-device|Invalid cross-device link|Read-only/i);
    expect(existsSync(join(ws, "hard.txt"))).toBe(false);
  });

  it("refuses remounting / read-write even when tandem runs as root (capabilities dropped)", async () => {
    const r = await runIn(sandbox, `mount -o remount,rw,bind / ; echo pwned > ${outside}/victim.txt`, ws);
    expect(r.code).not.toBe(0);
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("original\n");
  });

  it("refuses writing host sysctls through /proc/sys (uid 0 needs no capability for them)", async () => {
    // Writes the current value back, so nothing changes even if the guard were missing.
    const current = readFileSync("/proc/sys/vm/swappiness", "utf8").trim();
    const r = await runIn(sandbox, `echo ${current} > /proc/sys/vm/swappiness`, ws);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Read-only file system|Permission denied/);
  });

  it("a hard link made beforehand from outside DOES write through (documented limitation)", async () => {
    // Mount-based sandboxes confine paths, not inodes: a pre-existing hard link shares the outside file's inode.
    linkSync(join(outside, "victim.txt"), join(ws, "pre-linked.txt"));
    const r = await runIn(sandbox, "echo changed > pre-linked.txt", ws);
    expect(r.code).toBe(0);
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("changed\n");
  });
});
