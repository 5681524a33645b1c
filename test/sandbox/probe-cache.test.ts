/**
 * The kept answer of bubblewrap's probe (src/sandbox/probe-cache.ts) is trusted only for the same bubblewrap,
 * settings and probe, for a day; a damaged file is no answer. The start that uses it is tested end to end in
 * test/cli/sandbox-probe-cache.test.ts.
 */
import { chmodSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cachedSuccess, keepSuccess, probeCacheFile, probeKey } from "../../src/sandbox/probe-cache.ts";
import { makeTempDirs } from "./helpers.ts";

const DAY = 24 * 60 * 60 * 1000;

describe("the sandbox probe's cache", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  function fakeBwrap(): { bin: string; file: string } {
    const bin = dirs.make("bin");
    const file = join(bin, "bwrap");
    writeFileSync(file, "#!/bin/sh\nexit 0\n");
    chmodSync(file, 0o755);
    return { bin, file };
  }

  it("lives in the user's cache folder", () => {
    expect(probeCacheFile({ XDG_CACHE_HOME: "/c", HOME: "/h" })).toBe("/c/tandem/sandbox-probe.json");
    expect(probeCacheFile({ XDG_CACHE_HOME: "relative", HOME: "/h" })).toBe(
      "/h/.cache/tandem/sandbox-probe.json",
    );
    expect(probeCacheFile({})).toBeUndefined();
  });

  it("is kept private, and trusted for the same bubblewrap, settings and probe for a day", () => {
    const { bin } = fakeBwrap();
    const file = join(dirs.make("cache"), "tandem", "sandbox-probe.json");
    const key = probeKey({ bwrapPath: "bwrap", probeArgs: ["true"], path: bin }) as string;
    expect(key).toBeDefined();
    keepSuccess(file, key, 1_000_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, "..")).mode & 0o777).toBe(0o700);
    expect(cachedSuccess(file, key, 1_000_000 + DAY - 1)).toBe(true);
    expect(cachedSuccess(file, key, 1_000_000 + DAY)).toBe(false);
    // A clock set back is no reason to trust it.
    expect(cachedSuccess(file, key, 999_999)).toBe(false);
  });

  it("is a new question when bubblewrap, a user-namespace setting or the probe changes", () => {
    const { bin, file } = fakeBwrap();
    const key = (options: Partial<Parameters<typeof probeKey>[0]> = {}) =>
      probeKey({ bwrapPath: "bwrap", probeArgs: ["true"], path: bin, ...options });
    const before = key();
    expect(key({ probeArgs: ["--unshare-net", "true"] })).not.toBe(before);
    expect(key({ sysctl: (name) => (name === "user/max_user_namespaces" ? "0" : undefined) })).not.toBe(
      key({ sysctl: () => undefined }),
    );
    utimesSync(file, new Date(1_000_000), new Date(1_000_000));
    expect(key()).not.toBe(before);
    // No bubblewrap: nothing to keep (the probe itself says why).
    expect(key({ path: dirs.make("empty") })).toBeUndefined();
  });

  it("a damaged file is no answer", () => {
    const file = join(dirs.make("cache"), "sandbox-probe.json");
    writeFileSync(file, "{not json");
    expect(cachedSuccess(file, "k")).toBe(false);
    keepSuccess(file, "k");
    expect(JSON.parse(readFileSync(file, "utf8")).key).toBe("k");
    expect(cachedSuccess(file, "k")).toBe(true);
  });
});
