/**
 * A file name holding a newline is one entry, shown quoted, in find (both backends), ls and grep: before, it
 * was split into two entries that do not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFindTool } from "../../src/tools/find.ts";
import { createGrepTool } from "../../src/tools/grep.ts";
import { createLsTool } from "../../src/tools/ls.ts";
import { quoteName } from "../../src/util/quote-name.ts";
import { makeContext, makeTempDir, removeDir, writeTree } from "./tool-support.ts";

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
  await writeTree(dir, {
    "bad\nname.txt": "needle\n",
    "dir\nx/inner.txt": "needle\n",
    "plain.txt": "needle\n",
  });
});
afterAll(async () => {
  await removeDir(dir);
});

describe.each(["ripgrep", "builtin"] as const)("names with a newline (%s backend)", (backend) => {
  it("find lists each as one quoted entry", async () => {
    const r = await createFindTool({ backend }).execute({ pattern: "**/*.txt" }, makeContext(dir).ctx);
    expect(r.content.split("\n").sort()).toEqual(['"bad\\nname.txt"', '"dir\\nx/inner.txt"', "plain.txt"]);
    expect(r.details?.total).toBe(3);
  });

  it("grep names the file quoted", async () => {
    const r = await createGrepTool({ backend }).execute({ pattern: "needle" }, makeContext(dir).ctx);
    expect(r.content).toContain('"bad\\nname.txt"\n1: needle');
    expect(r.content).not.toMatch(/^bad$/m);
  });
});

describe("ls", () => {
  it("lists a name with a newline as one quoted entry", async () => {
    const r = await createLsTool().execute({}, makeContext(dir).ctx);
    expect(r.content).toBe(['"dir\\nx"/', '"bad\\nname.txt"  7 B', "plain.txt  7 B"].join("\n"));
    expect(r.details?.total).toBe(3);
  });

  it("quotes only names that need it", () => {
    expect(quoteName("ok name.txt")).toBe("ok name.txt");
    expect(quoteName("tab\there")).toBe('"tab\\there"');
    expect(quoteName('"quoted"')).toBe('"\\"quoted\\""');
  });
});
