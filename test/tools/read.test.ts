import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readOnlyOf } from "../../src/core/tool.ts";
import { createReadTool } from "../../src/tools/read.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");

describe("read tool", () => {
  it("returns numbered lines and reports the full content through onRead", async () => {
    await writeFile(join(dir, "a.txt"), "alpha\nbeta\r\ngamma\n");
    const seen: [string, string][] = [];
    const read = createReadTool({ onRead: (p, c) => seen.push([p, c]) });
    const r = await read.execute({ path: "a.txt" }, makeContext(dir).ctx);
    expect(r.content).toBe("1\talpha\n2\tbeta\n3\tgamma");
    expect(r.isError).toBeUndefined();
    expect(seen).toEqual([[join(dir, "a.txt"), "alpha\nbeta\r\ngamma\n"]]);
    expect(read.kind).toBe("read");
    expect(readOnlyOf(read)).toBe(true);
  });

  it("reads a window with offset and limit and says how to continue", async () => {
    await writeFile(join(dir, "long.txt"), numbered(100));
    const read = createReadTool();
    const r = await read.execute({ path: "long.txt", offset: 10, limit: 3 }, makeContext(dir).ctx);
    expect(r.content).toBe(
      "10\tline 10\n11\tline 11\n12\tline 12\n\n[lines 10-12 of 100 shown; continue with offset=13]",
    );
    expect(r.details).toMatchObject({ start_line: 10, end_line: 12, total_lines: 100, truncated: true });
  });

  it("defaults to a line limit", async () => {
    await writeFile(join(dir, "long.txt"), numbered(50));
    const read = createReadTool({ defaultLimit: 20 });
    const r = await read.execute({ path: "long.txt" }, makeContext(dir).ctx);
    expect(r.content).toContain("20\tline 20\n\n[lines 1-20 of 50 shown; continue with offset=21]");
  });

  it("caps bytes per call and overlong lines", async () => {
    await writeFile(join(dir, "wide.txt"), `${"x".repeat(5_000)}\n${numbered(2_000)}`);
    const read = createReadTool({ maxBytes: 10_000, maxLineChars: 100 });
    const r = await read.execute({ path: "wide.txt" }, makeContext(dir).ctx);
    expect(r.content.startsWith(`1\t${"x".repeat(100)}… [line cut: 5000 chars]\n2\tline 1\n`)).toBe(true);
    expect(Buffer.byteLength(r.content)).toBeLessThan(10_200);
    expect(r.content).toMatch(/\[lines 1-(\d+) of 2001 shown; continue with offset=\d+\]$/);
    expect(r.details?.truncated).toBe(true);
  });

  it("refuses binary files, by NUL byte and by extension", async () => {
    await writeFile(join(dir, "blob.dat1"), Buffer.from([0x41, 0x00, 0x42]));
    await writeFile(join(dir, "pic.png"), "not really a png");
    const seen: string[] = [];
    const read = createReadTool({ onRead: (p) => seen.push(p) });
    const a = await read.execute({ path: "blob.dat1" }, makeContext(dir).ctx);
    expect(a.isError).toBe(true);
    expect(a.content).toContain("blob.dat1 is a binary file (3 bytes)");
    const b = await read.execute({ path: "pic.png" }, makeContext(dir).ctx);
    expect(b.isError).toBe(true);
    expect(seen).toEqual([]);
  });

  it("refuses a device instead of reading it forever", async () => {
    const r = await createReadTool().execute({ path: "/dev/zero" }, makeContext(dir).ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toBe("/dev/zero is not a regular file (a device, socket or pipe); read refuses it.");
  });

  it("answers a folder with its listing", async () => {
    await mkdir(join(dir, "sub"));
    await writeFile(join(dir, "sub", "f.txt"), "hi");
    await mkdir(join(dir, "sub", "inner"));
    const r = await createReadTool().execute({ path: "sub" }, makeContext(dir).ctx);
    expect(r.content).toBe("sub is a folder. Its entries:\ninner/\nf.txt  2 B");
    expect(r.details?.kind).toBe("folder");
  });

  it("suggests close names for a missing file", async () => {
    await writeFile(join(dir, "config.ts"), "");
    await writeFile(join(dir, "unrelated.md"), "");
    const r = await createReadTool().execute({ path: "confg.ts" }, makeContext(dir).ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toBe("File not found: confg.ts. Did you mean: config.ts?");
  });

  it("reports an offset past the end and an empty file", async () => {
    await writeFile(join(dir, "short.txt"), "one\ntwo\n");
    await writeFile(join(dir, "empty.txt"), "");
    const read = createReadTool();
    const past = await read.execute({ path: "short.txt", offset: 5 }, makeContext(dir).ctx);
    expect(past.isError).toBe(true);
    expect(past.content).toBe("offset 5 is past the end of short.txt (2 lines).");
    const empty = await read.execute({ path: "empty.txt" }, makeContext(dir).ctx);
    expect(empty.content).toBe("empty.txt is empty.");
  });

  it("streams only the asked window of a file above the whole-file size, without onRead", async () => {
    await writeFile(join(dir, "big.log"), numbered(5_000));
    const seen: string[] = [];
    const read = createReadTool({ maxWholeFileBytes: 1_000, onRead: (p) => seen.push(p) });
    const r = await read.execute({ path: "big.log", offset: 4_999, limit: 5 }, makeContext(dir).ctx);
    expect(r.content).toBe("4999\tline 4999\n5000\tline 5000");
    expect(seen).toEqual([]);
  });

  it("reads absolute paths outside the workspace", async () => {
    const other = await makeTempDir();
    try {
      await writeFile(join(other, "out.log"), "elsewhere\n");
      const r = await createReadTool().execute({ path: join(other, "out.log") }, makeContext(dir).ctx);
      expect(r.content).toBe("1\telsewhere");
    } finally {
      await removeDir(other);
    }
  });
});
