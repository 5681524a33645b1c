import { readFile } from "node:fs/promises";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { messageOf } from "../../src/util/message-of.ts";

describe("messageOf", () => {
  it("reads an error's message without its class name", () => {
    expect(messageOf(new TypeError("bad input"))).toBe("bad input");
  });

  it("reads a real fs error's message", async () => {
    const error = await readFile("/nonexistent/tandem-message-of").catch((e: unknown) => e);
    expect(messageOf(error)).toMatch(/^ENOENT: no such file or directory/);
  });

  it("reads an error-like object that is not an Error (another realm, a library's plain object)", () => {
    const foreign: unknown = runInNewContext('new Error("from another realm")');
    expect(foreign instanceof Error).toBe(false);
    expect(messageOf(foreign)).toBe("from another realm");
    expect(messageOf({ message: "plain object" })).toBe("plain object");
  });

  it("gives the string form of anything else thrown", () => {
    expect(messageOf("just a string")).toBe("just a string");
    expect(messageOf(42)).toBe("42");
    expect(messageOf(undefined)).toBe("undefined");
    expect(messageOf({ message: 7 })).toBe("[object Object]");
  });

  it("never throws, even for a value whose string form throws", () => {
    const hostile = Object.create(null) as object;
    expect(messageOf(hostile)).toBe("[object Object]");
    const throwing = {
      toString() {
        throw new Error("no");
      },
    };
    expect(messageOf(throwing)).toBe("[object Object]");
  });
});
