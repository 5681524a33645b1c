import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readOnlyOf } from "../../src/core/tool.ts";
import { createLsTool } from "../../src/tools/ls.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

describe("ls tool", () => {
  it("lists folders first, then files with sizes and links with targets, each by name", async () => {
    await mkdir(join(dir, "zeta"));
    await mkdir(join(dir, "alpha"));
    await writeFile(join(dir, "b.txt"), "x".repeat(2048));
    await writeFile(join(dir, ".hidden"), "abc");
    await writeFile(join(dir, "a.txt"), "");
    await symlink("alpha", join(dir, "to-alpha"));
    await symlink("b.txt", join(dir, "c-link"));
    const ls = createLsTool();
    const r = await ls.execute({}, makeContext(dir).ctx);
    expect(r.content).toBe(
      [
        "alpha/",
        "zeta/",
        ".hidden  3 B",
        "a.txt  0 B",
        "b.txt  2.0 KB",
        "c-link -> b.txt",
        "to-alpha/ -> alpha",
      ].join("\n"),
    );
    expect(ls.kind).toBe("search");
    expect(readOnlyOf(ls)).toBe(true);
  });

  it("caps entries and states how many were left out", async () => {
    for (let i = 0; i < 12; i++) await writeFile(join(dir, `f${String(i).padStart(2, "0")}`), "");
    const r = await createLsTool({ maxEntries: 5 }).execute({ path: "." }, makeContext(dir).ctx);
    expect(r.content).toBe(
      "f00  0 B\nf01  0 B\nf02  0 B\nf03  0 B\nf04  0 B\n\n[showing 5 of 12 entries; use find with a pattern to narrow]",
    );
  });

  it("reports an empty folder, a file and a missing path", async () => {
    await mkdir(join(dir, "empty"));
    await writeFile(join(dir, "file.txt"), "x");
    const ls = createLsTool();
    expect((await ls.execute({ path: "empty" }, makeContext(dir).ctx)).content).toBe("(empty folder)");
    const file = await ls.execute({ path: "file.txt" }, makeContext(dir).ctx);
    expect(file.isError).toBe(true);
    expect(file.content).toBe("file.txt is a file. Use read to see it.");
    const missing = await ls.execute({ path: "nope" }, makeContext(dir).ctx);
    expect(missing.isError).toBe(true);
  });
});
