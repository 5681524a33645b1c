import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { editFixture } from "./edit-support.ts";
import { makeTempDir, removeDir } from "./tool-support.ts";

describe("edit: line endings, BOM and raw bytes are preserved", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it("a CRLF file stays CRLF when the model writes LF", async () => {
    const f = await editFixture(dir, "w.txt", "one\r\ntwo\r\nthree\r\n");
    const result = await f.edit("two\nthree", "2\n2.5\nthree");
    expect(result.isError).toBeUndefined();
    expect(await f.text()).toBe("one\r\n2\r\n2.5\r\nthree\r\n");
  });

  it("a CRLF file stays CRLF through a tolerant match", async () => {
    const f = await editFixture(dir, "w.txt", "a  \r\nb\r\nc\r\n");
    const result = await f.edit("a\nb\n", "A\nB\n");
    expect(result.content).toContain("no exact match");
    expect(await f.text()).toBe("A\r\nB\r\nc\r\n");
  });

  it("an LF file stays LF when the model writes CRLF", async () => {
    const f = await editFixture(dir, "w.txt", "one\ntwo\n");
    await f.edit("one\r\ntwo", "uno\r\ndos");
    expect(await f.text()).toBe("uno\ndos\n");
  });

  it("keeps a UTF-8 BOM", async () => {
    const f = await editFixture(dir, "b.txt", Buffer.from("\uFEFFhello\nworld\n", "utf8"));
    await f.edit("hello", "héllo");
    expect(await f.bytes()).toEqual(Buffer.from("\uFEFFhéllo\nworld\n", "utf8"));
  });

  it("keeps non-UTF-8 bytes outside the edit", async () => {
    const f = await editFixture(
      dir,
      "l.txt",
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x6f, 0x6b, 0x0a, 0xff, 0x0a]),
    );
    const result = await f.edit("ok", "fine ✓");
    expect(result.isError).toBeUndefined();
    expect(await f.bytes()).toEqual(
      Buffer.concat([
        Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
        Buffer.from("fine ✓\n", "utf8"),
        Buffer.from([0xff, 0x0a]),
      ]),
    );
  });
});
