import { describe, expect, it } from "vitest";
import { compileGlob } from "../../src/tools/glob.ts";

const m = (glob: string, path: string) => compileGlob(glob).matches(path);

describe("compileGlob (ripgrep --glob semantics)", () => {
  it("matches a name-only glob at any depth", () => {
    expect(m("*.ts", "a.ts")).toBe(true);
    expect(m("*.ts", "src/deep/a.ts")).toBe(true);
    expect(m("*.ts", "src/a.tsx")).toBe(false);
  });

  it("anchors a glob with a slash to the search root", () => {
    expect(m("src/*.ts", "src/a.ts")).toBe(true);
    expect(m("src/*.ts", "src/deep/a.ts")).toBe(false);
    expect(m("src/*.ts", "lib/src/a.ts")).toBe(false);
    expect(m("./src/*.ts", "src/a.ts")).toBe(true);
  });

  it("lets ** span zero or more folders", () => {
    expect(m("**/*.ts", "a.ts")).toBe(true);
    expect(m("**/*.ts", ".github/x/a.ts")).toBe(true);
    expect(m("src/**/*.test.ts", "src/a.test.ts")).toBe(true);
    expect(m("src/**/*.test.ts", "src/x/y/a.test.ts")).toBe(true);
    expect(m("src/**", "src/x/y")).toBe(true);
  });

  it("supports ?, classes, negated classes and braces; escapes regex characters", () => {
    expect(m("file?.txt", "file1.txt")).toBe(true);
    expect(m("file?.txt", "file12.txt")).toBe(false);
    expect(m("[ab].js", "b.js")).toBe(true);
    expect(m("[!ab].js", "b.js")).toBe(false);
    expect(m("*.{ts,md}", "x/README.md")).toBe(true);
    expect(m("*.{ts,md}", "x/a.js")).toBe(false);
    expect(m("a+b(1).txt", "a+b(1).txt")).toBe(true);
    expect(m("a.txt", "abtxt")).toBe(false);
  });
});
