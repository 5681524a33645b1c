import { homedir } from "node:os";
import { describe, expect, it } from "vitest";
import { displayPath, isInside, resolvePath } from "../../src/tools/paths.ts";

describe("tool paths", () => {
  it("resolves relative, absolute, empty and ~ paths", () => {
    expect(resolvePath("/repo", "src/a.ts")).toBe("/repo/src/a.ts");
    expect(resolvePath("/repo", "/etc/hosts")).toBe("/etc/hosts");
    expect(resolvePath("/repo", undefined)).toBe("/repo");
    expect(resolvePath("/repo", " . ")).toBe("/repo");
    expect(resolvePath("/repo", "~/x")).toBe(`${homedir()}/x`);
    expect(resolvePath("/repo", "a/../../b")).toBe("/b");
  });

  it("shows paths relative to the workspace only when inside it", () => {
    expect(displayPath("/repo", "/repo/src/a.ts")).toBe("src/a.ts");
    expect(displayPath("/repo", "/repo")).toBe(".");
    expect(displayPath("/repo", "/repository/a")).toBe("/repository/a");
    expect(displayPath("/repo", "/tmp/out.log")).toBe("/tmp/out.log");
    expect(isInside("/repo", "/repo/..x")).toBe(true);
    expect(isInside("/repo", "/other")).toBe(false);
  });
});
