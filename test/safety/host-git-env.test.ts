import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { sanitizedGitEnv, withMallocTrimThreshold } from "../../src/safety/host-git/env.ts";

describe("the host git environment: glibc's malloc trim threshold", () => {
  it("is set when the user has no tunables", () => {
    expect(withMallocTrimThreshold(undefined)).toBe("glibc.malloc.trim_threshold=1073741824");
    expect(withMallocTrimThreshold("")).toBe("glibc.malloc.trim_threshold=1073741824");
  });

  it("is appended to the user's own tunables, which are kept", () => {
    expect(withMallocTrimThreshold("glibc.malloc.arena_max=2")).toBe(
      "glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=1073741824",
    );
  });

  it("leaves a trim threshold the user chose alone", () => {
    const own = "glibc.malloc.trim_threshold=4096:glibc.malloc.arena_max=2";
    expect(withMallocTrimThreshold(own)).toBe(own);
  });

  it("reaches the git processes tandem runs", () => {
    const env = sanitizedGitEnv();
    // What the child actually sees, not only what we built.
    const seen = execFileSync("sh", ["-c", 'printf %s "$GLIBC_TUNABLES"'], { env, encoding: "utf8" });
    expect(seen.split(":")).toContain("glibc.malloc.trim_threshold=1073741824");
  });
});
