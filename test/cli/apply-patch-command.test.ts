/** `tandem apply-patch`: applies from stdin, --dry-run changes nothing, failures change nothing and exit 1. */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { baseEnv, runTandem } from "../support/run-tandem.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tandem-ap-"));
  await writeFile(join(dir, "a.txt"), "one\ntwo\nthree\n");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const patch = (body: string) => `*** Begin Patch\n${body}*** End Patch\n`;

describe("tandem apply-patch", () => {
  it("applies a patch from stdin in -C DIR", async () => {
    const r = await runTandem(["apply-patch", "-C", dir], {
      cwd: tmpdir(),
      env: baseEnv(),
      stdin: patch("*** Update File: a.txt\n@@\n one\n-two\n+TWO\n*** Add File: b.txt\n+new\n"),
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("M a.txt");
    expect(r.stdout).toContain("A b.txt");
    expect(await readFile(join(dir, "a.txt"), "utf8")).toBe("one\nTWO\nthree\n");
    expect(await readFile(join(dir, "b.txt"), "utf8")).toBe("new\n");
  });

  it("--dry-run reports without changing anything", async () => {
    const r = await runTandem(["apply-patch", "--dry-run", "-C", dir], {
      cwd: tmpdir(),
      env: baseEnv(),
      stdin: patch("*** Update File: a.txt\n@@\n-two\n+TWO\n"),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("dry run");
    expect(await readFile(join(dir, "a.txt"), "utf8")).toBe("one\ntwo\nthree\n");
  });

  it("changes nothing and exits 1 when one hunk fails", async () => {
    const r = await runTandem(["apply-patch", "-C", dir], {
      cwd: tmpdir(),
      env: baseEnv(),
      stdin: patch("*** Add File: c.txt\n+c\n*** Update File: a.txt\n@@\n-not there\n+x\n"),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a.txt");
    expect(r.stderr).toContain("no file was changed");
    expect(await readFile(join(dir, "a.txt"), "utf8")).toBe("one\ntwo\nthree\n");
    await expect(readFile(join(dir, "c.txt"))).rejects.toThrow();
  });
});
