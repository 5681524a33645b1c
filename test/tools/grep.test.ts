import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGrepTool } from "../../src/tools/grep.ts";
import { ripgrepAvailable } from "../../src/tools/ripgrep.ts";
import { writeSearchTree } from "./search-tree.ts";
import { makeContext, makeTempDir, removeDir, writeTree } from "./tool-support.ts";

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
  await writeSearchTree(dir);
  await writeTree(dir, {
    "many/a.txt": Array.from({ length: 30 }, (_, i) => `hit ${i}`).join("\n"),
    "many/b.txt": Array.from({ length: 30 }, (_, i) => `hit ${i + 30}`).join("\n"),
    "ctx/c.txt": "one\ntwo\nTARGET\nfour\nfive\nsix\nseven\nTARGET\nnine\n",
    "long/l.txt": `${"z".repeat(1_000)}needle`,
  });
});
afterAll(async () => {
  await removeDir(dir);
});

it("finds ripgrep on this machine (the rg backend tests below rely on it)", () => {
  expect(ripgrepAvailable()).toBe(true);
  expect(ripgrepAvailable("/nonexistent/rg")).toBe(false);
});

describe.each(["ripgrep", "builtin"] as const)("grep tool (%s backend)", (backend) => {
  const grep = createGrepTool({ backend });

  it("honours nested .gitignore files, includes hidden files, skips .git and binaries", async () => {
    const r = await grep.execute({ pattern: "needle" }, makeContext(dir).ctx);
    expect(r.details?.backend).toBe(backend);
    expect(r.content).toBe(
      [
        ".github/ci.yml\n1: needle: hidden folder",
        `long/l.txt\n1: ${"z".repeat(299)}…`,
        "pkg/index.ts\n1: needle pkg",
        "pkg/keep.log\n1: needle kept log",
        "src/app.ts\n2: export const needle = 1;",
        "src/notes.md\n1: a needle in markdown",
        "src/util.ts\n1: // needle in a comment",
      ].join("\n\n"),
    );
  });

  it("filters by glob relative to the searched path, and ignores case when asked", async () => {
    const r = await grep.execute(
      { pattern: "needle", path: "src", glob: "*.ts", ignore_case: true },
      makeContext(dir).ctx,
    );
    expect(r.content).toBe(
      "src/app.ts\n2: export const needle = 1;\n\nsrc/deep/more.ts\n3: NEEDLE upper\n\nsrc/util.ts\n1: // needle in a comment",
    );
    const slash = await grep.execute(
      { pattern: "needle", glob: "src/deep/**", ignore_case: true },
      makeContext(dir).ctx,
    );
    expect(slash.content).toBe("src/deep/more.ts\n3: NEEDLE upper");
  });

  it("keeps ignored files out even when the glob matches them", async () => {
    const r = await grep.execute({ pattern: "needle", glob: "*.log" }, makeContext(dir).ctx);
    expect(r.content).toBe("pkg/keep.log\n1: needle kept log");
    const names = await grep.execute({ pattern: "needle", glob: "*.{log,md}" }, makeContext(dir).ctx);
    expect(names.content).toBe("pkg/keep.log\n1: needle kept log\n\nsrc/notes.md\n1: a needle in markdown");
    const paths = await grep.execute({ pattern: "needle", glob: "**/*.{log,md}" }, makeContext(dir).ctx);
    expect(paths.content).toBe("pkg/keep.log\n1: needle kept log\n\nsrc/notes.md\n1: a needle in markdown");
  });

  it("searches a single file, even an ignored one", async () => {
    const r = await grep.execute({ pattern: "needle", path: "debug.log" }, makeContext(dir).ctx);
    expect(r.content).toBe("debug.log\n1: needle in a log");
  });

  it("shows context lines with N- markers", async () => {
    const r = await grep.execute({ pattern: "TARGET", path: "ctx", context: 1 }, makeContext(dir).ctx);
    expect(r.content).toBe("ctx/c.txt\n2- two\n3: TARGET\n4- four\n7- seven\n8: TARGET\n9- nine");
  });

  it("caps matches and states how many were left out", async () => {
    const r = await grep.execute({ pattern: "^hit", path: "many", max_results: 40 }, makeContext(dir).ctx);
    expect(r.details).toMatchObject({ shown: 40, total: 60, total_exact: true, files: 2 });
    expect(r.content.split("\n").filter((l) => /^\d+: hit/.test(l))).toHaveLength(40);
    expect(r.content).toContain("b.txt\n1: hit 30\n");
    expect(r.content).toContain("10: hit 39");
    expect(r.content).not.toContain("hit 40");
    expect(
      r.content.endsWith(
        "[showing 40 of 60 matches in 2 files; narrow the pattern, path or glob, or raise max_results]",
      ),
    ).toBe(true);
  });

  it("says when nothing matched, and reports a missing path", async () => {
    const none = await grep.execute({ pattern: "no-such-text-anywhere" }, makeContext(dir).ctx);
    expect(none.content).toBe("No matches for /no-such-text-anywhere/ in ..");
    expect(none.isError).toBeUndefined();
    const missing = await grep.execute({ pattern: "x", path: "nope" }, makeContext(dir).ctx);
    expect(missing.isError).toBe(true);
  });

  it("reports an invalid regex as an error", async () => {
    const r = await grep.execute({ pattern: "(unclosed" }, makeContext(dir).ctx);
    expect(r.isError).toBe(true);
    expect(r.content.toLowerCase()).toContain("unclosed");
  });
});
