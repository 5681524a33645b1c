import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { editFixture } from "./edit-support.ts";
import { makeTempDir, removeDir } from "./tool-support.ts";

describe("edit: whitespace-tolerant fallback", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it("matches despite trailing whitespace in the file, and says so", async () => {
    const f = await editFixture(dir, "a.txt", "one  \ntwo\t\nthree\n");
    const result = await f.edit("one\ntwo\n", "ONE\nTWO\n");
    expect(result.isError).toBeUndefined();
    expect(result.content).toContain("no exact match; applied a unique match ignoring trailing whitespace");
    expect(result.details?.tolerant).toContain("trailing whitespace");
    expect(await f.text()).toBe("ONE\nTWO\nthree\n");
  });

  it("matches with different indentation and re-indents the new text to the file's", async () => {
    const f = await editFixture(dir, "a.py", "class A:\n        def f(self):\n            return 1\n");
    const result = await f.edit("def f(self):\n    return 1", "def f(self):\n    return 2");
    expect(result.content).toContain("ignoring indentation");
    expect(await f.text()).toBe("class A:\n        def f(self):\n            return 2\n");
  });

  it("refuses a tolerant match that is not unique", async () => {
    const f = await editFixture(dir, "a.txt", "x  \ny\nx\t\n");
    const result = await f.edit("x\n", "z\n");
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/matches 2 places ignoring trailing whitespace.*lines 1, 3/);
    expect(await f.text()).toBe("x  \ny\nx\t\n");
  });

  it("an exact match is preferred over tolerant ones", async () => {
    // "x\n" occurs exactly once (line 2); ignoring trailing whitespace it would match lines 1 and 2.
    const f = await editFixture(dir, "a.txt", "x \nx\n");
    const result = await f.edit("x\n", "y\n");
    expect(result.isError).toBeUndefined();
    expect(result.content).not.toContain("no exact match");
    expect(await f.text()).toBe("x \ny\n");
  });

  it("deleting whole lines through a tolerant match removes them, line breaks included", async () => {
    const f = await editFixture(dir, "a.txt", "a\nb  \nc  \nd\n");
    const result = await f.edit("b\nc\n", "");
    expect(result.content).toContain("no exact match");
    expect(await f.text()).toBe("a\nd\n");
    const crlf = await editFixture(dir, "w.txt", "a\r\nb \r\nc\r\n");
    await crlf.edit("b\n", "");
    expect(await crlf.text()).toBe("a\r\nc\r\n");
  });
});
