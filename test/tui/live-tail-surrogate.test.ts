/**
 * The live tail of a streaming answer cut inside an emoji (a surrogate pair) starts after it: a lone half
 * was drawn as a replacement character at the top of the live part.
 */
import { expect, it } from "vitest";
import { liveTail } from "../../src/tui/screen.ts";

const loneHalf = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

it("never starts with half an emoji", () => {
  const text = "😀".repeat(10);
  for (let max = 1; max < text.length; max++) {
    const tail = liveTail(text, max);
    expect(loneHalf.test(tail), `maxChars ${max}`).toBe(false);
    expect(text.endsWith(tail)).toBe(true);
  }
});
