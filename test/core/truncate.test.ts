import { describe, expect, it } from "vitest";
import { capText } from "../../src/core/truncate.ts";

describe("capText", () => {
  it("returns short text unchanged", () => {
    const r = capText("a\nb\nc");
    expect(r).toEqual({ text: "a\nb\nc", truncated: false, omittedLines: 0, omittedBytes: 0 });
  });

  it("keeps head and tail lines and states what was omitted", () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n");
    const r = capText(text, { maxLines: 10 });
    expect(r.truncated).toBe(true);
    expect(r.omittedLines).toBe(90);
    const out = r.text.split("\n");
    expect(out.slice(0, 5)).toEqual(["line 0", "line 1", "line 2", "line 3", "line 4"]);
    expect(out.slice(-5)).toEqual(["line 95", "line 96", "line 97", "line 98", "line 99"]);
    expect(r.text).toContain("90 lines");
  });

  it("respects the byte budget", () => {
    const text = Array.from({ length: 50 }, () => "x".repeat(100)).join("\n");
    const r = capText(text, { maxBytes: 1000 });
    expect(Buffer.byteLength(r.text)).toBeLessThan(1100);
    expect(r.omittedBytes).toBeGreaterThan(3000);
  });

  it("cuts a single overlong line by bytes", () => {
    const r = capText("y".repeat(10_000), { maxBytes: 100 });
    expect(r.truncated).toBe(true);
    expect(r.text.startsWith("y".repeat(50))).toBe(true);
    expect(r.text).toContain("9900 bytes omitted");
  });
});
